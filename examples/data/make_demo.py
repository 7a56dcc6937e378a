#!/usr/bin/env python3
"""make_demo.py: generates the faqmine demo corpus in examples/data/.

What it writes, next to this script:
  conversations.jsonl  SPEC input format 1 (one conversation a line), 261 conversations
  messages.csv         SPEC input format 2 (flat messages, CSV with a header and an extra
                       "channel" column), 30 more conversations with their own ids
  labels.jsonl         {"conversation_id", "message_index", "label"} for every customer
                       message of both files (the intended topic; see README.md), so that
                       `faqmine eval --labels` can score a run on the demo

Every sentence below was written by hand for this project (a fictional shop, "Lumen Shop");
the script only assembles those sentences into conversations: it picks phrasings, greetings,
answers and personal data (fake, or reserved / well-known test values), spreads timestamps
over ten weeks of 2026 and applies the ways people type (no accents, lowercase, no final
punctuation). It uses a fixed seed and no clock, so its output is deterministic: running it
again rewrites the committed files byte for byte. The generated files are committed, so the
demo itself needs no Python.

Usage: python3 examples/data/make_demo.py            regenerate, then validate
       python3 examples/data/make_demo.py --check    only validate the committed files
(Python 3.8+, standard library only.)
Licence: MIT OR Apache-2.0, like the faqmine crate.
"""

import csv
import datetime as dt
import io
import json
import os
import random
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20260105
START = dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)  # a Monday; ten weeks follow
DAYS = 70

# JSONL: conversations per language (topic conversations, one-off noise conversations).
JSONL_PLAN = {"en": (92, 13), "fr": (45, 7), "vi": (57, 8), "ur": (34, 5)}
# CSV (flat format): a smaller set, same languages.
CSV_PLAN = {"en": (11, 1), "fr": (5, 1), "vi": (6, 1), "ur": (5, 0)}
EMAIL_SHARE = {"en": 0.35, "fr": 0.4, "vi": 0.1, "ur": 0.15}
CANONICAL_SHARE = 0.2

# ---------------------------------------------------------------------------------------
# Recurring questions. Per topic: how its volume moves over the ten weeks, whether agents
# may first ask for the order number, relative weight per language, customer phrasings
# (q) and agent answers (a). Placeholders: {order} {email} {phone} {card}.
# Urdu phrasings in Latin script are Roman Urdu; their answers come from "ur_roman".
# ---------------------------------------------------------------------------------------

TOPICS = {
    "reset_password": {
        "question": "How do I reset my password?",
        "trend": "flat",
        "ask_order": False,
        "weights": {"en": 10, "fr": 8, "vi": 8, "ur": 7},
        "q": {
            "en": [
                "How do I reset my password?",
                "i forgot my password, how can i reset it",
                "forgot password pls help",
                "Hi, I can't remember my password and the reset email never arrives. My email is {email}",
                "how to change my password??",
                "password reset link not working, it says expired",
                "Can you help me reset my pasword? I'm locked out of my account",
                "I need a new password, where do I do that",
                "how do i change the password in the app",
                "Reset password please. account is {email}",
                "i cant log in because i forgot my pw",
            ],
            "fr": [
                "Comment réinitialiser mon mot de passe ?",
                "j'ai oublié mon mot de passe",
                "mot de passe oublie, je fais comment",
                "Je n'arrive pas à changer mon mdp, le lien ne marche pas",
                "comment on change le mot de passe sur l'appli ?",
                "J'ai oublié mon mot de passe et je ne reçois pas le mail de réinitialisation. Mon adresse : {email}",
                "qu'est-ce que je dois faire pour avoir un nouveau mot de passe",
            ],
            "vi": [
                "Làm sao để đổi mật khẩu vậy shop?",
                "lam sao doi mat khau",
                "em quên mật khẩu rồi, lấy lại ntn ạ",
                "quen mk r lay lai sao shop",
                "em ko đăng nhập đc, quên mk",
                "cho hỏi cách đặt lại mật khẩu",
                "link doi mat khau bi het han roi",
                "mình muốn đổi mk mà ko biết làm sao",
                "quen mk, email dang ky la {email}",
            ],
            "ur": [
                "پاس ورڈ کیسے تبدیل کروں؟",
                "میں اپنا پاس ورڈ بھول گیا ہوں، نیا کیسے بناؤں؟",
                "پاس ورڈ ری سیٹ کا لنک نہیں آ رہا",
                "مجھے اپنا پاسورڈ یاد نہیں، لاگ ان نہیں ہو رہا",
                "میرا ای میل {email} ہے، پاس ورڈ ری سیٹ کرنا ہے",
                "password bhool gaya hun, reset kaise karun?",
                "mera password change karna hai kaise hoga",
            ],
        },
        "a": {
            "en": [
                "You can reset it yourself: on the sign-in screen tap “Forgot password?”, enter the email address of your account and we'll send you a reset link. The link is valid for 30 minutes, so if it has expired just request a new one. If you don't see the email, please check your spam folder.",
                "No problem! Go to the sign-in page, click “Forgot password?” and type your account email. You'll get a link to choose a new password (it expires after 30 minutes). It sometimes lands in spam, so have a look there too.",
            ],
            "fr": [
                "Vous pouvez le réinitialiser vous-même : sur l'écran de connexion, touchez « Mot de passe oublié ? », saisissez l'adresse e-mail de votre compte et nous vous enverrons un lien. Le lien est valable 30 minutes ; s'il a expiré, il suffit d'en demander un nouveau. Pensez à vérifier vos spams.",
                "Sur la page de connexion, cliquez sur « Mot de passe oublié ? » puis indiquez votre e-mail. Vous recevrez un lien pour choisir un nouveau mot de passe, valable 30 minutes. Si vous ne le voyez pas, regardez dans le dossier spam.",
            ],
            "vi": [
                "Dạ anh/chị vào màn hình đăng nhập, bấm “Quên mật khẩu?”, nhập email của tài khoản, shop sẽ gửi link đặt lại mật khẩu ạ. Link có hiệu lực 30 phút, nếu hết hạn anh/chị bấm gửi lại link mới giúp em. Nếu không thấy email thì anh/chị kiểm tra thêm mục Spam nha.",
                "Dạ để đổi mật khẩu, anh/chị bấm “Quên mật khẩu?” ở trang đăng nhập rồi nhập email tài khoản. Hệ thống gửi link đặt lại mật khẩu, dùng được trong 30 phút ạ. Anh/chị nhớ xem cả hộp thư Spam nhé.",
            ],
            "ur": [
                "لاگ ان والی اسکرین پر “Forgot password?” پر کلک کریں، اپنے اکاؤنٹ کا ای میل لکھیں، ہم آپ کو پاس ورڈ ری سیٹ کرنے کا لنک بھیج دیں گے۔ یہ لنک 30 منٹ تک کام کرتا ہے، اگر ختم ہو جائے تو نیا لنک منگوا لیں۔ ای میل نہ ملے تو اسپام فولڈر بھی چیک کریں۔",
                "جی، سائن اِن پیج پر “Forgot password?” دبائیں اور اپنا ای میل درج کریں۔ نیا پاس ورڈ بنانے کا لنک آپ کو ای میل پر ملے گا جو 30 منٹ کے لیے درست ہوتا ہے۔ براہ کرم اسپام فولڈر بھی دیکھ لیں۔",
            ],
            "ur_roman": [
                "Sign-in screen par “Forgot password?” dabayein aur apne account ka email likhein, hum reset link bhej denge. Link 30 minute tak valid hota hai, expire ho jaye to naya mangwa lein. Email na mile to spam folder bhi check karein.",
            ],
        },
    },
    "order_status": {
        "question": "Where is my order / how long does delivery take?",
        "trend": "falling",
        "ask_order": True,
        "weights": {"en": 14, "fr": 10, "vi": 12, "ur": 10},
        "q": {
            "en": [
                "Where is my order? It's been a week",
                "hi, when will my order {order} arrive?",
                "how long does delivery take?",
                "My package still hasnt arrived, order {order}",
                "wheres my order",
                "Can you tell me the status of order {order}?",
                "ordered on monday still nothing. when will it be delivered??",
                "what's the delivery time to Manchester?",
                "I haven't received my parcel yet and the tracking hasn't updated in 3 days",
                "when does my stuff get here lol",
                "I ordered last week with {email}, where's my parcel?",
                "Order {order} - any update on delivery?",
            ],
            "fr": [
                "Où en est ma commande {order} ?",
                "ma commande n'est toujours pas arrivee",
                "Quels sont les délais de livraison ?",
                "j'ai commandé il y a une semaine et toujours rien, c'est normal ?",
                "quand est-ce que je vais recevoir mon colis",
                "Le suivi de ma commande ne bouge plus depuis 4 jours",
                "vous livrez en combien de temps ?",
                "j'ai passé commande avec l'adresse {email} et toujours rien reçu",
            ],
            "vi": [
                "đơn hàng của em bao giờ giao vậy shop",
                "don hang cua toi bao gio giao",
                "đơn {order} bao giờ tới ạ",
                "đặt hàng 5 ngày r mà chưa thấy giao",
                "giao hang mat bao lau vay shop",
                "bao lâu thì nhận được hàng ạ",
                "kiểm tra giúp e đơn {order} vs, sao lâu quá",
                "don {order} toi dau roi shop",
                "ship ra Hà Nội mất mấy ngày vậy",
                "sao don cua minh van chua giao vay",
                "đơn của e đặt bằng email {email} sao chưa giao ạ",
                "don {order} giao chua shop, co gi goi e so {phone} nha",
            ],
            "ur": [
                "میرا آرڈر کب پہنچے گا؟",
                "آرڈر {order} ابھی تک نہیں آیا",
                "ڈیلیوری میں کتنے دن لگتے ہیں؟",
                "ایک ہفتہ ہو گیا ہے، میرا پارسل کہاں ہے؟",
                "آرڈر کب تک آئے گا؟ کوریئر والے میرے نمبر {phone} پر کال کر لیں",
                "mera order kab ayega?",
                "order {order} abhi tak deliver nahi hua",
            ],
        },
        "a": {
            "en": [
                "You can follow your parcel in the app under Account > My orders > Track. Standard delivery takes 3–5 business days after dispatch, and you get an email/SMS with the tracking link as soon as the parcel leaves our warehouse. If the tracking hasn't moved for more than 5 business days, reply here and we'll open an investigation with the courier.",
                "Standard delivery is 3-5 business days from dispatch. The live status is in My orders > Track (app or website), and the tracking link is also in your shipping email/SMS. If nothing has moved for over 5 business days, let us know and we'll chase the courier for you.",
            ],
            "fr": [
                "Vous pouvez suivre votre colis dans l'appli, rubrique Compte > Mes commandes > Suivre. La livraison standard prend 3 à 5 jours ouvrés après l'expédition, et vous recevez un e-mail/SMS avec le lien de suivi dès que le colis quitte notre entrepôt. Si le suivi ne bouge pas pendant plus de 5 jours ouvrés, répondez-nous et nous ouvrirons une enquête auprès du transporteur.",
                "La livraison standard se fait en 3 à 5 jours ouvrés après l'expédition. Le suivi en direct est dans Mes commandes > Suivre, et le lien est aussi dans l'e-mail/SMS d'expédition. Sans mouvement pendant plus de 5 jours ouvrés, prévenez-nous et nous relancerons le transporteur.",
            ],
            "vi": [
                "Dạ anh/chị có thể theo dõi đơn trong app: Tài khoản > Đơn hàng của tôi > Theo dõi ạ. Thời gian giao tiêu chuẩn là 3–5 ngày làm việc kể từ khi hàng rời kho, shop sẽ gửi SMS/email kèm link theo dõi khi đơn được giao cho bên vận chuyển. Nếu quá 5 ngày làm việc mà trạng thái không cập nhật, anh/chị nhắn lại để shop khiếu nại với đơn vị vận chuyển nha.",
                "Dạ đơn giao tiêu chuẩn mất 3-5 ngày làm việc sau khi xuất kho ạ. Anh/chị xem trạng thái ở mục Đơn hàng của tôi > Theo dõi, link theo dõi cũng có trong SMS/email gửi hàng. Quá 5 ngày làm việc chưa cập nhật thì anh/chị báo shop để shop làm việc với bên vận chuyển nha.",
            ],
            "ur": [
                "آپ ایپ میں Account > My orders > Track پر جا کر اپنا پارسل ٹریک کر سکتے ہیں۔ عام ڈیلیوری میں ڈسپیچ کے بعد 3 سے 5 کاروباری دن لگتے ہیں، اور پارسل گودام سے نکلتے ہی آپ کو ٹریکنگ لنک کے ساتھ SMS/ای میل آ جاتی ہے۔ اگر 5 کاروباری دن تک ٹریکنگ اپ ڈیٹ نہ ہو تو ہمیں بتائیں، ہم کوریئر سے معلوم کریں گے۔",
            ],
            "ur_roman": [
                "Aap app mein Account > My orders > Track par ja kar parcel track kar sakte hain. Normal delivery dispatch ke baad 3 se 5 working days leti hai, aur tracking link SMS/email par aa jata hai. Agar 5 din tak update na ho to humein batayein, hum courier se check karwa lenge.",
            ],
        },
    },
    "refund_timing": {
        "question": "When will I get my refund?",
        "trend": "falling",
        "ask_order": True,
        "weights": {"en": 10, "fr": 8, "vi": 6, "ur": 5},
        "q": {
            "en": [
                "How long does a refund take?",
                "when will i get my money back",
                "I returned my order {order} two weeks ago and still no refund",
                "refund still not showing on my card??",
                "how many days for the refund to come through",
                "Hi, you said my refund was approved but I dont see it in my bank account",
                "when do i get refunded for the jacket i sent back",
                "Still waiting for my refund. its been 10 days",
            ],
            "fr": [
                "Combien de temps pour être remboursé ?",
                "quand est-ce que je serai rembourse",
                "J'ai renvoyé ma commande {order} il y a 10 jours, toujours pas de remboursement",
                "le remboursement n'apparait pas sur mon compte",
                "délai de remboursement svp ?",
            ],
            "vi": [
                "hoàn tiền mất bao lâu vậy ạ",
                "bn ngày thì đc hoàn tiền shop",
                "em trả hàng rồi mà chưa thấy tiền về tk",
                "bao gio thi toi duoc hoan tien",
                "đơn {order} em trả rồi, khi nào hoàn tiền ạ",
            ],
            "ur": [
                "ریفنڈ کب تک آئے گا؟",
                "میں نے سامان واپس کر دیا تھا، پیسے کب واپس ملیں گے؟",
                "ریفنڈ میں کتنے دن لگتے ہیں",
                "refund kab tak milega?",
            ],
        },
        "a": {
            "en": [
                "Once your return reaches our warehouse we approve the refund within 2 business days and send you a confirmation email. The money goes back to your original payment method; depending on your bank it takes 5–10 business days to show on your statement. If it's been longer than 10 business days since the confirmation email, send us your order number and we'll give you the bank reference.",
                "Refunds are approved within 2 business days of your return arriving at our warehouse (you'll get an email when that happens). After that, your bank needs 5-10 business days to show the money on the original payment method. Past 10 business days, send us the order number and we'll share the bank reference with you.",
            ],
            "fr": [
                "Dès que votre retour arrive à notre entrepôt, nous validons le remboursement sous 2 jours ouvrés et vous envoyons un e-mail de confirmation. L'argent est reversé sur le moyen de paiement utilisé ; selon votre banque, il faut compter 5 à 10 jours ouvrés pour le voir sur votre relevé. Au-delà de 10 jours ouvrés après l'e-mail de confirmation, envoyez-nous votre numéro de commande et nous vous donnerons la référence bancaire.",
            ],
            "vi": [
                "Dạ khi hàng hoàn về tới kho, shop sẽ duyệt hoàn tiền trong vòng 2 ngày làm việc và gửi email xác nhận ạ. Tiền được hoàn về đúng phương thức anh/chị đã thanh toán, tùy ngân hàng sẽ mất 5–10 ngày làm việc để hiện trong tài khoản. Nếu quá 10 ngày làm việc kể từ email xác nhận, anh/chị gửi mã đơn để shop gửi mã tham chiếu ngân hàng nhé.",
            ],
            "ur": [
                "آپ کا واپس کیا گیا سامان ہمارے گودام پہنچنے کے بعد ہم 2 کاروباری دنوں میں ریفنڈ منظور کر کے آپ کو تصدیقی ای میل بھیجتے ہیں۔ رقم اسی طریقے سے واپس آتی ہے جس سے آپ نے ادائیگی کی تھی، اور بینک کے حساب سے 5 سے 10 کاروباری دن لگ سکتے ہیں۔ اگر 10 کاروباری دن گزر جائیں تو اپنا آرڈر نمبر بھیجیں، ہم آپ کو بینک ریفرنس دے دیں گے۔",
            ],
            "ur_roman": [
                "Return hamare warehouse pohanchne ke baad hum 2 working days mein refund approve kar ke confirmation email bhejte hain. Paise usi payment method mein wapas aate hain, bank ke hisaab se 5 se 10 working days lagte hain. 10 din se zyada ho jayein to order number bhejein, hum bank reference de denge.",
            ],
        },
    },
    "change_address": {
        "question": "Can I change the delivery address?",
        "trend": "flat",
        "ask_order": True,
        "weights": {"en": 7, "fr": 5, "vi": 7, "ur": 3},
        "q": {
            "en": [
                "Can I change the delivery address on my order?",
                "i put the wrong address!! order {order}, can you fix it",
                "how do i update my shipping address for an order i just placed",
                "Need to change delivery address, I moved last week",
                "wrong postcode on my order, can u change it?",
                "Is it possible to send order {order} to my work address instead? You can call me on {phone}",
            ],
            "fr": [
                "Est-ce que je peux modifier l'adresse de livraison ?",
                "je me suis trompé d'adresse sur ma commande {order}",
                "comment changer l'adresse de livraison d'une commande deja passee",
                "je voudrais me faire livrer à une autre adresse. Mon numéro : {phone}",
            ],
            "vi": [
                "em muốn đổi địa chỉ giao hàng được ko ạ",
                "doi dia chi nhan hang sao shop",
                "e ghi nhầm địa chỉ đơn {order}, sửa giúp e với",
                "đổi đc địa chỉ ship ko shop, sđt em {phone}",
                "minh chuyen nha roi, muon doi dia chi giao don {order}",
            ],
            "ur": [
                "ڈیلیوری کا پتہ کیسے تبدیل کروں؟",
                "میں نے آرڈر میں غلط ایڈریس لکھ دیا ہے، میرا نمبر {phone} ہے",
                "کیا آرڈر کا ایڈریس بدل سکتے ہیں؟",
            ],
        },
        "a": {
            "en": [
                "You can change the address yourself as long as the order is still “Processing”: go to My orders, open the order and choose “Change delivery address”. Once it has shipped we can no longer edit it, but you can redirect the parcel from the courier's tracking page.",
                "While the order shows “Processing” you can edit the address in My orders > (your order) > Change delivery address. After dispatch we can't change it any more, but the courier's tracking page lets you redirect the parcel.",
            ],
            "fr": [
                "Vous pouvez modifier l'adresse vous-même tant que la commande est « En préparation » : allez dans Mes commandes, ouvrez la commande et choisissez « Modifier l'adresse de livraison ». Une fois le colis expédié, nous ne pouvons plus la changer, mais vous pouvez rediriger le colis depuis la page de suivi du transporteur.",
            ],
            "vi": [
                "Dạ anh/chị tự đổi được địa chỉ khi đơn còn ở trạng thái “Đang xử lý” ạ: vào Đơn hàng của tôi, chọn đơn rồi bấm “Đổi địa chỉ giao hàng”. Nếu đơn đã giao cho bên vận chuyển thì shop không sửa được nữa, anh/chị có thể đổi hướng giao trên trang theo dõi của đơn vị vận chuyển nha.",
            ],
            "ur": [
                "جب تک آرڈر “Processing” میں ہے آپ خود پتہ بدل سکتے ہیں: My orders میں آرڈر کھولیں اور “Change delivery address” منتخب کریں۔ آرڈر روانہ ہونے کے بعد ہم پتہ تبدیل نہیں کر سکتے، لیکن آپ کوریئر کے ٹریکنگ پیج سے پارسل کا رخ بدل سکتے ہیں۔",
            ],
        },
    },
    "cancel_order": {
        "question": "How do I cancel my order?",
        "trend": "flat",
        "ask_order": True,
        "weights": {"en": 8, "fr": 6, "vi": 7, "ur": 4},
        "q": {
            "en": [
                "How do I cancel my order?",
                "pls cancel order {order}",
                "I want to cancel, ordered the wrong size",
                "can i still cancel an order i placed an hour ago",
                "Cancel my order please!!! {order}",
                "is there a way to cancel an order that already shipped?",
                "how to cancle order",
            ],
            "fr": [
                "Comment annuler ma commande ?",
                "je veux annuler la commande {order} svp",
                "Est-ce que je peux encore annuler ? J'ai commandé ce matin",
                "annulation commande",
            ],
            "vi": [
                "hủy đơn hàng như thế nào ạ",
                "huy don giup em voi shop",
                "e muốn hủy đơn {order}, đặt nhầm size",
                "đơn đặt r còn hủy đc ko shop",
                "cho minh huy don {order} nhe",
                "hủy giúp e đơn {order}, sđt đặt hàng {phone}",
            ],
            "ur": [
                "آرڈر کینسل کیسے کروں؟",
                "میرا آرڈر {order} کینسل کر دیں",
                "order cancel karna hai",
            ],
        },
        "a": {
            "en": [
                "You can cancel free of charge as long as the order hasn't shipped: open My orders, select the order and tap “Cancel order”. The refund to your original payment method starts right away. If it has already shipped, you can refuse the delivery or return it within 30 days.",
                "Until an order ships you can cancel it for free in My orders > Cancel order, and the refund to your payment method starts immediately. Already shipped? Then just refuse the parcel or send it back within 30 days.",
            ],
            "fr": [
                "Vous pouvez annuler sans frais tant que la commande n'est pas expédiée : ouvrez Mes commandes, sélectionnez la commande et touchez « Annuler la commande ». Le remboursement sur votre moyen de paiement est lancé immédiatement. Si elle est déjà partie, vous pouvez refuser le colis ou le retourner sous 30 jours.",
            ],
            "vi": [
                "Dạ anh/chị hủy đơn miễn phí được khi đơn chưa giao cho vận chuyển ạ: vào Đơn hàng của tôi, chọn đơn và bấm “Hủy đơn”. Tiền sẽ được hoàn về phương thức thanh toán ban đầu ngay sau đó. Nếu đơn đã gửi đi rồi thì anh/chị có thể từ chối nhận hàng hoặc trả hàng trong vòng 30 ngày nha.",
            ],
            "ur": [
                "جب تک آرڈر روانہ نہیں ہوا آپ اسے مفت کینسل کر سکتے ہیں: My orders میں آرڈر منتخب کر کے “Cancel order” دبائیں۔ ادائیگی والے طریقے پر ریفنڈ فوراً شروع ہو جاتا ہے۔ اگر آرڈر روانہ ہو چکا ہے تو آپ ڈیلیوری لینے سے انکار کر سکتے ہیں یا 30 دن کے اندر واپس کر سکتے ہیں۔",
            ],
            "ur_roman": [
                "Jab tak order dispatch nahi hua aap free cancel kar sakte hain: My orders mein order select kar ke “Cancel order” dabayein. Refund foran start ho jata hai. Agar order nikal chuka hai to delivery refuse kar dein ya 30 din mein return kar dein.",
            ],
        },
    },
    "payment_failed": {
        "question": "My card is declined / the payment failed",
        "trend": "flat",
        "ask_order": False,
        "weights": {"en": 8, "fr": 6, "vi": 4, "ur": 3},
        "q": {
            "en": [
                "My card keeps getting declined",
                "payment failed but money was taken from my account??",
                "why is my payment not going through",
                "Card declined at checkout, tried twice. card is {card}",
                "cant pay, it says transaction failed",
                "Hi, I get 'payment declined' every time but my card works everywhere else",
                "payment error when i try to checkout",
            ],
            "fr": [
                "Mon paiement est refusé, pourquoi ?",
                "carte refusee a chaque fois",
                "Le paiement n'est pas passé mais j'ai été débité !",
                "j'ai une erreur de paiement, voici ma carte {card}",
            ],
            "vi": [
                "thanh toán thẻ bị lỗi shop ơi",
                "the bi tu choi khi thanh toan la sao",
                "thanh toán ko thành công mà tk bị trừ tiền r",
                "em nhập thẻ {card} mà báo lỗi",
            ],
            "ur": [
                "میرا کارڈ ڈکلائن ہو رہا ہے",
                "پیمنٹ فیل ہو گئی لیکن پیسے کٹ گئے",
                "card se payment nahi ho rahi",
            ],
        },
        "a": {
            "en": [
                "Sorry about that! Most declines come from the bank: please check the card details, make sure online payments are enabled and approve the 3-D Secure code your bank sends. You can also try another card or PayPal. If an amount was held for a failed attempt, your bank releases it automatically within 3–5 business days — we never charge for a failed payment.",
                "Declines usually come from the card issuer. Check the card details, that online payments are switched on, and confirm the 3-D Secure step from your bank; another card or PayPal also works. Any amount held during a failed attempt is released by your bank within 3-5 business days, we don't take money for failed payments.",
            ],
            "fr": [
                "Désolé pour ce souci ! La plupart des refus viennent de la banque : vérifiez les informations de la carte, que les paiements en ligne sont activés, et validez le code 3-D Secure envoyé par votre banque. Vous pouvez aussi essayer une autre carte ou PayPal. Si un montant a été bloqué lors d'un essai échoué, votre banque le libère automatiquement sous 3 à 5 jours ouvrés : nous ne débitons jamais un paiement échoué.",
            ],
            "vi": [
                "Dạ shop xin lỗi anh/chị ạ. Đa số lỗi là do ngân hàng từ chối: anh/chị kiểm tra lại thông tin thẻ, bật thanh toán trực tuyến và nhập mã OTP/3-D Secure ngân hàng gửi nha. Anh/chị cũng có thể dùng thẻ khác, ví MoMo hoặc thanh toán khi nhận hàng. Nếu tài khoản bị giữ tiền ở lần thanh toán lỗi, ngân hàng sẽ tự hoàn lại trong 3–5 ngày làm việc, shop không thu tiền giao dịch lỗi ạ.",
            ],
            "ur": [
                "معذرت! زیادہ تر کارڈ بینک کی طرف سے رد ہوتے ہیں: کارڈ کی تفصیلات چیک کریں، آن لائن ادائیگی فعال ہو، اور بینک کا بھیجا ہوا OTP/3-D Secure کوڈ درج کریں۔ آپ دوسرا کارڈ، JazzCash یا EasyPaisa بھی استعمال کر سکتے ہیں۔ ناکام کوشش پر کٹی ہوئی رقم بینک 3 سے 5 کاروباری دنوں میں خود واپس کر دیتا ہے، ہم ناکام ادائیگی کے پیسے نہیں لیتے۔",
            ],
        },
    },
    "change_email": {
        "question": "How do I change my account email?",
        "trend": "flat",
        "ask_order": False,
        "weights": {"en": 6, "fr": 4, "vi": 3, "ur": 2},
        "q": {
            "en": [
                "How can I change the email on my account?",
                "i want to update my email address, old one is {email}",
                "change account email",
                "can I switch my login email to {email}?",
                "I no longer use my old email, how do i change it",
                "how to change email adress",
            ],
            "fr": [
                "Comment changer l'adresse e-mail de mon compte ?",
                "je veux modifier mon adresse mail, la nouvelle c'est {email}",
                "changer email compte",
            ],
            "vi": [
                "đổi email tài khoản như thế nào ạ",
                "doi email dang nhap dc ko shop, email moi cua minh la {email}",
            ],
            "ur": [
                "اکاؤنٹ کا ای میل کیسے تبدیل کروں؟",
                "میرا نیا ای میل {email} ہے، پرانا بدلنا ہے",
            ],
        },
        "a": {
            "en": [
                "Go to Settings > Account > Email, enter the new address and your password, then click the confirmation link we send to the new address (valid 24 hours). Your old address gets a notification so you know the change happened.",
                "You can do it in Settings > Account > Email: type the new address and your password, then confirm with the link we email to the new address (it's valid for 24 hours). We also notify the old address of the change.",
            ],
            "fr": [
                "Allez dans Paramètres > Compte > E-mail, saisissez la nouvelle adresse et votre mot de passe, puis cliquez sur le lien de confirmation envoyé à la nouvelle adresse (valable 24 heures). L'ancienne adresse reçoit une notification du changement.",
            ],
            "vi": [
                "Dạ anh/chị vào Cài đặt > Tài khoản > Email, nhập email mới và mật khẩu, sau đó bấm vào link xác nhận shop gửi tới email mới (hiệu lực 24 giờ) ạ. Email cũ sẽ nhận được thông báo về việc thay đổi.",
            ],
            "ur": [
                "Settings > Account > Email میں جا کر نیا ای میل اور اپنا پاس ورڈ درج کریں، پھر نئے ای میل پر آنے والے تصدیقی لنک پر کلک کریں (24 گھنٹے کے لیے درست)۔ پرانے ای میل پر تبدیلی کی اطلاع بھیج دی جاتی ہے۔",
            ],
        },
    },
    "return_policy": {
        "question": "What is the return policy?",
        "trend": "falling",
        "ask_order": False,
        "weights": {"en": 8, "fr": 8, "vi": 5, "ur": 4},
        "q": {
            "en": [
                "What's your return policy?",
                "can i return something i bought 3 weeks ago",
                "how do returns work",
                "Do I have to pay for return shipping?",
                "the shoes dont fit, can i send them back",
                "how many days do I have to return an item?",
                "is it possible to return a dress if i already took the tags off",
            ],
            "fr": [
                "Quelle est votre politique de retour ?",
                "je peux retourner un article ?",
                "Les retours sont-ils gratuits ?",
                "combien de temps j'ai pour renvoyer un produit",
                "la robe ne me va pas, comment la renvoyer",
                "est ce que je peux retourner des boucles d'oreilles",
            ],
            "vi": [
                "chính sách đổi trả của shop thế nào ạ",
                "mua ve ko vua thi tra hang dc ko",
                "trả hàng có mất phí ko shop",
                "được đổi trả trong bao nhiêu ngày vậy",
            ],
            "ur": [
                "واپسی کی پالیسی کیا ہے؟",
                "کیا میں جوتے واپس کر سکتی ہوں؟ سائز ٹھیک نہیں",
            ],
        },
        "a": {
            "en": [
                "You can return items within 30 days of delivery, unused and with tags or original packaging. Returns are free: go to My orders > Return an item to get a prepaid label, then drop the parcel at any post office or pickup point. Underwear, earrings and gift cards can't be returned.",
                "Our returns window is 30 days from delivery, for unused items with their tags or original packaging. It's free — print the prepaid label from My orders > Return an item and drop the parcel at a post office or pickup point. Only underwear, earrings and gift cards are excluded.",
            ],
            "fr": [
                "Vous pouvez retourner un article dans les 30 jours suivant la livraison, non utilisé et avec ses étiquettes ou son emballage d'origine. Le retour est gratuit : dans Mes commandes > Retourner un article, vous obtenez une étiquette prépayée à déposer en bureau de poste ou en point relais. Les sous-vêtements, boucles d'oreilles et cartes cadeaux ne sont pas repris.",
                "Les retours sont gratuits pendant 30 jours après la livraison, pour un article non porté avec ses étiquettes ou son emballage. L'étiquette prépayée se trouve dans Mes commandes > Retourner un article ; déposez ensuite le colis à la poste ou en point relais. Exceptions : sous-vêtements, boucles d'oreilles et cartes cadeaux.",
            ],
            "vi": [
                "Dạ shop nhận trả hàng trong 30 ngày kể từ khi nhận, sản phẩm chưa sử dụng và còn tem mác/bao bì ạ. Trả hàng miễn phí: anh/chị vào Đơn hàng của tôi > Trả hàng để lấy mã vận đơn trả trước, rồi gửi tại bưu cục hoặc điểm nhận hàng gần nhất. Đồ lót, bông tai và thẻ quà tặng không áp dụng đổi trả nha.",
            ],
            "ur": [
                "آپ ڈیلیوری کے 30 دن کے اندر سامان واپس کر سکتے ہیں، بشرطیکہ استعمال نہ ہوا ہو اور ٹیگ یا اصل پیکنگ موجود ہو۔ واپسی مفت ہے: My orders > Return an item سے پری پیڈ لیبل لیں اور پارسل کسی بھی پوسٹ آفس یا پک اپ پوائنٹ پر دے دیں۔ انڈر ویئر، بالیاں اور گفٹ کارڈ واپس نہیں ہوتے۔",
            ],
        },
    },
    "invoice_download": {
        "question": "Where do I download my invoice?",
        "trend": "flat",
        "ask_order": False,
        "weights": {"en": 6, "fr": 7, "vi": 2, "ur": 1},
        "q": {
            "en": [
                "How do I download an invoice for my order?",
                "need a VAT invoice for order {order}",
                "where can i find my receipt",
                "can you send me the invoice pls",
                "I need an invoice with my company name on it",
                "invoice download button doesnt work on the app",
            ],
            "fr": [
                "Comment télécharger ma facture ?",
                "j'ai besoin d'une facture pour la commande {order}",
                "ou trouver la facture de ma commande",
                "Pouvez-vous m'envoyer une facture au nom de ma société ?",
                "je ne trouve pas la facture dans l'appli",
            ],
            "vi": [
                "xuất hóa đơn VAT như thế nào shop",
                "tai hoa don o dau vay",
            ],
            "ur": [
                "آرڈر کی رسید کہاں سے ڈاؤن لوڈ کروں؟",
            ],
        },
        "a": {
            "en": [
                "You'll find the invoice (PDF) under My orders: open the order and click “Download invoice” — in the app it's in the order details under “Invoice”. It becomes available as soon as the order ships. For a company invoice, add your company name and VAT number in Settings > Billing before ordering; we can't change an invoice once it's issued.",
                "Invoices are PDFs in My orders: open the order and hit “Download invoice” (in the app: order details > Invoice). They're available once the order has shipped. If you need your company name and VAT number on it, add them in Settings > Billing before you order, as issued invoices can't be edited.",
            ],
            "fr": [
                "Vous trouverez la facture (PDF) dans Mes commandes : ouvrez la commande et cliquez sur « Télécharger la facture » ; dans l'appli, elle est dans le détail de la commande, rubrique « Facture ». Elle est disponible dès l'expédition. Pour une facture au nom d'une société, ajoutez la raison sociale et le numéro de TVA dans Paramètres > Facturation avant de commander : une facture émise ne peut plus être modifiée.",
                "La facture PDF est disponible dès l'expédition, dans Mes commandes > (votre commande) > « Télécharger la facture » (dans l'appli : détail de la commande > Facture). Pour une facture au nom de votre société, renseignez la raison sociale et le numéro de TVA dans Paramètres > Facturation avant la commande, car une facture émise n'est plus modifiable.",
            ],
            "vi": [
                "Dạ anh/chị xem hóa đơn (PDF) trong Đơn hàng của tôi: mở đơn và bấm “Tải hóa đơn”, trên app thì nằm ở chi tiết đơn hàng mục “Hóa đơn” ạ. Hóa đơn có sau khi đơn được gửi đi. Nếu cần hóa đơn công ty, anh/chị thêm tên công ty và mã số thuế trong Cài đặt > Thanh toán trước khi đặt hàng, hóa đơn đã xuất thì không sửa được nha.",
            ],
            "ur": [
                "رسید (PDF) My orders میں موجود ہے: آرڈر کھول کر “Download invoice” پر کلک کریں، ایپ میں یہ آرڈر کی تفصیل میں “Invoice” کے نیچے ہے۔ آرڈر روانہ ہوتے ہی رسید دستیاب ہو جاتی ہے۔",
            ],
        },
    },
    "app_error_e401": {
        "question": "The app shows error E-401 at login",
        "trend": "step",
        "ask_order": False,
        "weights": {"en": 8, "fr": 6, "vi": 6, "ur": 4},
        "q": {
            "en": [
                "The app says error E-401 when I log in",
                "getting E401 on the app, cant login",
                "what does error code E-401 mean?",
                "app keeps logging me out with E-401",
                "Login error e-401 since yesterday's update",
                "I can log in on the website but the app shows E-401??",
                "error 401 in app wtf",
            ],
            "fr": [
                "L'appli affiche erreur E-401 à la connexion",
                "erreur E401 sur l'application, je ne peux plus me connecter",
                "c'est quoi le code erreur E-401 ?",
                "depuis la mise a jour j'ai l'erreur e-401",
            ],
            "vi": [
                "app báo lỗi E-401 khi đăng nhập",
                "app bi loi E401 ko vao dc",
                "lỗi e-401 là gì vậy shop",
                "sau khi cap nhat app thi bi loi E-401 hoai",
            ],
            "ur": [
                "ایپ میں لاگ ان کرتے وقت E-401 کا ایرر آ رہا ہے",
                "app mein E401 error aa raha hai",
            ],
        },
        "a": {
            "en": [
                "E-401 means your login session has expired — it mostly happens after the latest app update. Please update Lumen Shop to version 3.8.2 or later from your app store, then sign out and sign in again. If you still see it, clear the app's cache (Android) or reinstall the app; your orders and basket are kept.",
                "That error (E-401) is an expired session, usually right after the app update. Update the Lumen Shop app to 3.8.2 or newer, sign out, then sign back in. Still there? Clear the app cache on Android or reinstall — you won't lose your orders or basket.",
            ],
            "fr": [
                "L'erreur E-401 signifie que votre session a expiré ; cela arrive surtout après la dernière mise à jour. Mettez à jour l'appli Lumen Shop en version 3.8.2 ou plus récente, puis déconnectez-vous et reconnectez-vous. Si l'erreur persiste, videz le cache de l'appli (Android) ou réinstallez-la : vos commandes et votre panier sont conservés.",
            ],
            "vi": [
                "Dạ lỗi E-401 là do phiên đăng nhập đã hết hạn, thường gặp sau bản cập nhật mới ạ. Anh/chị cập nhật app Lumen Shop lên bản 3.8.2 trở lên, rồi đăng xuất và đăng nhập lại giúp em. Nếu vẫn lỗi, anh/chị xóa bộ nhớ đệm (cache) của app (Android) hoặc cài lại app, đơn hàng và giỏ hàng vẫn được giữ nguyên nha.",
            ],
            "ur": [
                "E-401 کا مطلب ہے کہ آپ کا لاگ ان سیشن ختم ہو گیا ہے، یہ زیادہ تر نئی اپ ڈیٹ کے بعد ہوتا ہے۔ Lumen Shop ایپ کو ورژن 3.8.2 یا اس سے نئے پر اپ ڈیٹ کریں، پھر سائن آؤٹ کر کے دوبارہ سائن اِن کریں۔ اگر پھر بھی مسئلہ ہو تو ایپ کا cache صاف کریں یا ایپ دوبارہ انسٹال کریں، آپ کے آرڈر اور کارٹ محفوظ رہیں گے۔",
            ],
            "ur_roman": [
                "E-401 ka matlab hai login session expire ho gaya hai. App ko version 3.8.2 ya naye par update karein, phir sign out kar ke dobara sign in karein. Phir bhi masla ho to app ka cache clear karein ya reinstall kar lein, orders aur cart safe rahenge.",
            ],
        },
    },
    "promo_code": {
        "question": "My promo code does not work",
        "trend": "spike",
        "ask_order": False,
        "weights": {"en": 8, "fr": 6, "vi": 7, "ur": 3},
        "q": {
            "en": [
                "My promo code isn't working",
                "SPRING26 says invalid??",
                "why doesnt my discount code work",
                "I forgot to add my promo code, can you apply it to my order?",
                "code WELCOME10 not accepted at checkout",
                "where do i put the promo code",
                "Discount code is not applying to sale items, is that normal?",
            ],
            "fr": [
                "Mon code promo ne fonctionne pas",
                "le code SPRING26 est refusé",
                "code promo invalide, pourquoi ?",
                "j'ai oublie de mettre mon code promo, vous pouvez l'appliquer ?",
            ],
            "vi": [
                "mã giảm giá ko dùng được shop ơi",
                "nhap ma SPRING26 bao khong hop le",
                "sao mã khuyến mãi của em ko áp dụng đc",
                "ma giam gia nhap o dau vay",
                "voucher ko xài dc cho hàng sale hả shop",
            ],
            "ur": [
                "پرومو کوڈ کام نہیں کر رہا",
                "promo code invalid aa raha hai",
            ],
        },
        "a": {
            "en": [
                "Promo codes work once per order, on full-price items only, and often need a minimum basket amount (shown in the code's terms) — please also check the expiry date. Enter the code in the “Promo code” field at checkout before paying; we can't add a code to an order that's already paid.",
                "A few things to check: one code per order, full-price items only, the minimum basket amount in the code's terms, and the expiry date. The code goes in the “Promo code” field at checkout, before payment — we're not able to apply it to an order that's already been paid.",
            ],
            "fr": [
                "Un code promo s'utilise une fois par commande, uniquement sur les articles à prix plein, et demande souvent un montant minimum (indiqué dans ses conditions) ; vérifiez aussi sa date de validité. Saisissez-le dans le champ « Code promo » au moment du paiement, avant de payer : nous ne pouvons pas l'ajouter à une commande déjà réglée.",
            ],
            "vi": [
                "Dạ mỗi đơn chỉ dùng được một mã giảm giá, áp dụng cho sản phẩm không giảm giá và thường có giá trị đơn tối thiểu (ghi trong điều kiện của mã), anh/chị kiểm tra giúp em cả hạn sử dụng nha. Anh/chị nhập mã vào ô “Mã giảm giá” ở bước thanh toán trước khi trả tiền ạ, đơn đã thanh toán thì shop không áp mã thêm được.",
            ],
            "ur": [
                "پرومو کوڈ ایک آرڈر پر ایک بار اور صرف پوری قیمت والی اشیاء پر لگتا ہے، اور اکثر کم از کم آرڈر کی رقم ضروری ہوتی ہے (کوڈ کی شرائط میں لکھی ہے)۔ کوڈ کی میعاد بھی چیک کر لیں۔ کوڈ چیک آؤٹ پر ادائیگی سے پہلے “Promo code” والے خانے میں لکھیں، ادائیگی کے بعد کوڈ نہیں لگ سکتا۔",
            ],
        },
    },
    "delete_account": {
        "question": "How do I delete my account?",
        "trend": "flat",
        "ask_order": False,
        "weights": {"en": 5, "fr": 5, "vi": 2, "ur": 2},
        "q": {
            "en": [
                "How do I delete my account?",
                "please delete my account and all my data",
                "i want to close my lumen account",
                "GDPR request: erase my personal data. Account email {email}",
                "how to remove my account from the app",
            ],
            "fr": [
                "Comment supprimer mon compte ?",
                "je veux que vous supprimiez mes données (RGPD)",
                "supprimer compte lumen",
            ],
            "vi": [
                "xóa tài khoản như thế nào ạ",
                "muon xoa tk thi lam sao",
            ],
            "ur": [
                "اپنا اکاؤنٹ کیسے ڈیلیٹ کروں؟",
            ],
        },
        "a": {
            "en": [
                "You can delete your account in Settings > Privacy > Delete my account and confirm through the email we send you. The account and your personal data are erased within 30 days. Any open orders or returns need to be completed first. You can also write to privacy@lumenshop.example.",
                "Head to Settings > Privacy > Delete my account, then confirm from the email we send. Your account and personal data are erased within 30 days; open orders or returns have to be finished first. Requests by email go to privacy@lumenshop.example.",
            ],
            "fr": [
                "Vous pouvez supprimer votre compte dans Paramètres > Confidentialité > Supprimer mon compte, puis confirmer via l'e-mail que nous vous envoyons. Le compte et vos données personnelles sont effacés sous 30 jours. Les commandes ou retours en cours doivent d'abord être terminés. Vous pouvez aussi écrire à privacy@lumenshop.example.",
            ],
            "vi": [
                "Dạ anh/chị vào Cài đặt > Quyền riêng tư > Xóa tài khoản và xác nhận qua email shop gửi ạ. Tài khoản và dữ liệu cá nhân sẽ được xóa trong vòng 30 ngày. Các đơn hàng hoặc yêu cầu trả hàng đang xử lý cần hoàn tất trước nha. Anh/chị cũng có thể gửi email tới privacy@lumenshop.example.",
            ],
            "ur": [
                "آپ Settings > Privacy > Delete my account میں جا کر اکاؤنٹ ڈیلیٹ کر سکتے ہیں اور ہماری بھیجی ہوئی ای میل سے تصدیق کریں۔ اکاؤنٹ اور ذاتی ڈیٹا 30 دن کے اندر مٹا دیا جاتا ہے۔ پہلے سے جاری آرڈر یا واپسی مکمل ہونا ضروری ہے۔ آپ privacy@lumenshop.example پر ای میل بھی کر سکتے ہیں۔",
            ],
        },
    },
    "shipping_abroad": {
        "question": "Do you ship to other countries?",
        "trend": "rising",
        "ask_order": False,
        "weights": {"en": 8, "fr": 6, "vi": 1, "ur": 3},
        "q": {
            "en": [
                "Do you ship internationally?",
                "do u deliver to Canada",
                "Can I order from Australia?",
                "how much is shipping to the US and how long does it take",
                "Do you ship to Ireland? and will I pay customs?",
                "international shipping?",
            ],
            "fr": [
                "Vous livrez en Suisse ?",
                "est-ce que vous livrez au Canada",
                "Livraison en Belgique possible ? Et les frais ?",
                "vous envoyez a l'etranger ?",
            ],
            "vi": [
                "shop có ship đi nước ngoài ko ạ",
                "gui hang qua Uc duoc khong shop",
            ],
            "ur": [
                "کیا آپ دبئی میں ڈیلیوری کرتے ہیں؟",
                "باہر کے ملک میں آرڈر بھیج سکتے ہیں؟ میرا بھائی لندن میں ہے",
            ],
        },
        "a": {
            "en": [
                "Yes, we ship to over 40 countries. The shipping cost and estimated delivery date appear at checkout once you enter your address; international delivery usually takes 7–14 business days. Any import duties or taxes are paid by the recipient on delivery.",
                "We do — over 40 countries. Enter the address at checkout to see the shipping fee and the estimated date; abroad it's usually 7-14 business days. Import duties or taxes, if any, are paid by the recipient when the parcel arrives.",
            ],
            "fr": [
                "Oui, nous livrons dans plus de 40 pays. Les frais et la date de livraison estimée s'affichent au paiement une fois l'adresse saisie ; comptez en général 7 à 14 jours ouvrés pour l'international. Les éventuels droits de douane ou taxes d'importation sont à la charge du destinataire à la livraison.",
            ],
            "vi": [
                "Dạ shop có giao tới hơn 40 quốc gia ạ. Phí ship và ngày giao dự kiến hiển thị ở bước thanh toán sau khi anh/chị nhập địa chỉ, giao quốc tế thường mất 7–14 ngày làm việc. Thuế nhập khẩu (nếu có) người nhận thanh toán khi nhận hàng nha.",
            ],
            "ur": [
                "جی ہاں، ہم 40 سے زیادہ ممالک میں ڈیلیوری کرتے ہیں۔ پتہ درج کرنے کے بعد چیک آؤٹ پر شپنگ کی قیمت اور متوقع تاریخ نظر آ جاتی ہے، بین الاقوامی ڈیلیوری میں عام طور پر 7 سے 14 کاروباری دن لگتے ہیں۔ کسٹم ڈیوٹی یا ٹیکس وصول کنندہ ادا کرتا ہے۔",
            ],
        },
    },
    "cash_on_delivery": {
        "question": "Can I pay cash on delivery (COD)?",
        "trend": "flat",
        "ask_order": False,
        "weights": {"en": 1, "fr": 1, "vi": 14, "ur": 3},
        "q": {
            "en": [
                "Do you offer cash on delivery?",
                "can i pay cash when the parcel arrives?",
            ],
            "fr": [
                "Est-ce qu'on peut payer à la livraison ?",
            ],
            "vi": [
                "shop có ship COD ko ạ",
                "có thanh toán khi nhận hàng không shop",
                "thanh toan khi nhan hang dc k",
                "co cod ko shop",
                "cho e hỏi đặt hàng rồi trả tiền mặt lúc nhận đc ko",
                "e muốn nhận hàng rồi mới trả tiền, đc ko shop",
                "dat hang cod o dau vay, ko thay nut",
                "COD có được kiểm tra hàng trước khi trả tiền ko ạ",
                "giao hàng thu tiền hộ ko shop",
                "don tren 5 trieu co cod duoc ko",
                "mua hàng trả tiền khi nhận hàng được không?",
                "đặt COD đc ko shop, sđt nhận hàng {phone}",
            ],
            "ur": [
                "کیا کیش آن ڈیلیوری کی سہولت ہے؟",
                "cash on delivery hai?",
                "آرڈر ملنے پر پیسے دے سکتے ہیں؟",
            ],
        },
        "a": {
            "en": [
                "Cash on delivery is available for deliveries in Vietnam (orders up to 5,000,000₫) and Pakistan (orders up to Rs 50,000): choose “Cash on delivery (COD)” at checkout and pay the courier in cash, at no extra fee. You can check the items before paying. Elsewhere you can pay by card or PayPal.",
            ],
            "fr": [
                "Le paiement à la livraison (COD) est proposé pour les livraisons au Vietnam (commandes jusqu'à 5 000 000 ₫) et au Pakistan (jusqu'à 50 000 Rs) : choisissez « Paiement à la livraison (COD) » et réglez le livreur en espèces, sans frais. Ailleurs, vous pouvez payer par carte ou PayPal.",
            ],
            "vi": [
                "Dạ shop có hỗ trợ thanh toán khi nhận hàng (COD) trên toàn quốc cho đơn đến 5.000.000đ ạ. Ở bước thanh toán anh/chị chọn “Thanh toán khi nhận hàng (COD)”, rồi trả tiền mặt cho shipper khi nhận hàng, không mất thêm phí. Anh/chị được mở hộp kiểm tra hàng trước khi thanh toán nha.",
                "Dạ có ạ, shop nhận COD cho đơn tới 5.000.000đ trên toàn quốc. Anh/chị chọn “Thanh toán khi nhận hàng (COD)” ở bước thanh toán và trả tiền mặt cho shipper, không tính thêm phí. Anh/chị được kiểm tra hàng trước khi trả tiền nha.",
            ],
            "ur": [
                "جی ہاں، پاکستان میں Rs 50,000 تک کے آرڈر پر کیش آن ڈیلیوری (COD) دستیاب ہے۔ چیک آؤٹ پر “Cash on delivery (COD)” منتخب کریں اور پارسل ملنے پر کوریئر کو نقد ادائیگی کریں، کوئی اضافی فیس نہیں۔ ادائیگی سے پہلے آپ سامان چیک کر سکتے ہیں۔",
            ],
            "ur_roman": [
                "Ji haan, Pakistan mein Rs 50,000 tak ke order par cash on delivery (COD) available hai. Checkout par “Cash on delivery (COD)” select karein aur parcel milne par courier ko cash dein, koi extra fee nahi. Payment se pehle aap saman check kar sakte hain.",
            ],
        },
    },
    "jazzcash_easypaisa": {
        "question": "Can I pay with JazzCash / EasyPaisa?",
        "trend": "rising",
        "ask_order": False,
        "weights": {"en": 2, "fr": 0, "vi": 0, "ur": 18},
        "q": {
            "en": [
                "Can I pay with JazzCash?",
                "do you accept easypaisa",
            ],
            "ur": [
                "کیا JazzCash سے ادائیگی ہو سکتی ہے؟",
                "ایزی پیسہ سے پیمنٹ کیسے کروں؟",
                "JazzCash سے پیسے کٹ گئے لیکن آرڈر کنفرم نہیں ہوا",
                "EasyPaisa کی ادائیگی کا آپشن کہاں ہے؟",
                "جاز کیش سے پیمنٹ نہیں ہو رہی، MPIN کا میسج ہی نہیں آیا",
                "کیا آپ ایزی پیسہ قبول کرتے ہیں؟ میرا اکاؤنٹ {phone} پر ہے",
                "jazzcash se payment ho sakti hai?",
                "easypaisa se paise cut gaye order confirm nahi hua",
                "Easypaisa option nahi dikh raha checkout pe",
            ],
        },
        "a": {
            "en": [
                "Yes — in Pakistan you can pay with JazzCash or EasyPaisa. Choose the wallet at checkout, enter your mobile account number and approve the payment in your wallet app (or with your MPIN) within 10 minutes. If money was deducted but the order wasn't confirmed, it's refunded to your wallet automatically within 48 hours.",
            ],
            "ur": [
                "جی ہاں، پاکستان میں JazzCash اور EasyPaisa دونوں سے ادائیگی ہو سکتی ہے۔ چیک آؤٹ پر والیٹ منتخب کریں، اپنا موبائل اکاؤنٹ نمبر درج کریں اور 10 منٹ کے اندر اپنی والیٹ ایپ میں یا MPIN ڈال کر ادائیگی کی منظوری دیں۔ اگر رقم کٹ گئی لیکن آرڈر کنفرم نہیں ہوا تو 48 گھنٹوں میں پیسے خود بخود آپ کے والیٹ میں واپس آ جائیں گے۔",
                "جی بالکل، JazzCash اور EasyPaisa دونوں قبول ہیں۔ چیک آؤٹ پر اپنا والیٹ چنیں، موبائل اکاؤنٹ نمبر لکھیں اور 10 منٹ میں والیٹ ایپ یا MPIN سے ادائیگی منظور کریں۔ پیسے کٹ جائیں اور آرڈر کنفرم نہ ہو تو رقم 48 گھنٹوں میں خود والیٹ میں واپس آ جاتی ہے۔",
            ],
            "ur_roman": [
                "Ji haan, Pakistan mein JazzCash aur EasyPaisa dono se payment ho sakti hai. Checkout par wallet select karein, apna mobile account number likhein aur 10 minute ke andar wallet app ya MPIN se payment approve karein. Agar paise cut gaye aur order confirm nahi hua to 48 ghante mein paise khud wallet mein wapas aa jayenge.",
            ],
        },
    },
}

# Short labels in README order (the expected FAQ topics).
TOPIC_ORDER = list(TOPICS)

# ---------------------------------------------------------------------------------------
# Conversation pieces. Keys: en, fr, vi, ur (Urdu script) and ur_roman (Roman Urdu).
# ---------------------------------------------------------------------------------------

GREETINGS = {
    "en": ["Hi team", "hello", "Hi there", "hey", "Hi,", "Good morning", "hi lumen", "Hello!"],
    "fr": ["Bonjour", "bonjour,", "Bonsoir", "Salut", "Bjr", "Bonjour madame, monsieur"],
    "vi": ["Xin chào shop", "Dạ em chào shop", "shop ơi", "alo shop", "chào shop", "hi shop", "Shop ơi cho em hỏi"],
    "ur": ["السلام علیکم", "السلام علیکم!", "ہیلو", "السلام علیکم، ایک سوال ہے"],
    "ur_roman": ["AoA", "Assalam o alaikum", "salam", "hello"],
}
OPENERS = {  # the agent's answer to a greeting on its own
    "en": ["Hi! Thanks for contacting Lumen Shop, how can I help you today?", "Hello, what can I do for you?", "Hi there! How can I help?"],
    "fr": ["Bonjour ! Comment puis-je vous aider ?", "Bonjour, que puis-je faire pour vous ?"],
    "vi": ["Dạ Lumen Shop xin chào anh/chị, em có thể hỗ trợ gì ạ?", "Dạ em chào anh/chị, anh/chị cần hỗ trợ gì ạ?"],
    "ur": ["وعلیکم السلام! Lumen Shop میں خوش آمدید۔ فرمائیے، کیا مدد چاہیے؟", "وعلیکم السلام، جی فرمائیے؟"],
    "ur_roman": ["Walaikum assalam! Ji farmaiye, kya madad chahiye?"],
}
ANSWER_PREFIX = {  # sometimes put before the answer (chat)
    "en": ["Hi {first}! ", "Thanks for your message. ", "Hi! ", "Hi {first}, thanks for reaching out. "],
    "fr": ["Bonjour {first} ! ", "Merci pour votre message. ", "Bonjour ! "],
    "vi": ["Em chào anh/chị ạ. ", "Dạ shop chào anh/chị {first} ạ. "],
    "ur": ["رابطہ کرنے کا شکریہ۔ ", "وعلیکم السلام! "],
    "ur_roman": ["Shukriya rabta karne ka. "],
}
THANKS = {
    "en": ["thanks!", "Thank you so much", "ok thanks", "thx", "great, thanks", "perfect thank you", "got it, cheers", "ty", "Thanks, all sorted", "ok"],
    "fr": ["merci", "Merci beaucoup !", "ok merci", "super merci", "parfait, merci bcp", "d'accord merci", "ça marche, merci !", "ok"],
    "vi": ["cảm ơn shop", "dạ em cảm ơn ạ", "ok shop", "cam on shop nhieu", "dc r cảm ơn nha", "oki", "thanks shop", "e cảm ơn", "ok c.ơn shop"],
    "ur": ["شکریہ", "بہت شکریہ!", "ٹھیک ہے، شکریہ", "جزاک اللہ", "جی ٹھیک ہے"],
    "ur_roman": ["ok shukriya", "thank you", "shukriya bhai", "theek hai thanks"],
}
CLOSINGS = {  # the agent's last turn; the last one of each list asks "anything else?"
    "en": ["You're welcome! Have a great day.", "Happy to help :)", "Glad I could help! Is there anything else I can help with?"],
    "fr": ["Avec plaisir ! Bonne journée.", "Je vous en prie, bonne soirée !", "Puis-je vous aider pour autre chose ?"],
    "vi": ["Dạ không có gì ạ, chúc anh/chị một ngày vui vẻ!", "Dạ shop cảm ơn anh/chị, cần gì anh/chị cứ nhắn shop nha.", "Dạ anh/chị cần hỗ trợ gì thêm không ạ?"],
    "ur": ["آپ کا بھی شکریہ! اچھا دن گزاریں۔", "خوشی ہوئی۔ کیا کسی اور چیز میں مدد چاہیے؟"],
    "ur_roman": ["Koi baat nahi! Aur kuch madad chahiye?"],
}
NOTHING_ELSE = {
    "en": ["no thats all", "nope", "no, thank you", "no"],
    "fr": ["non merci", "non c'est tout", "non"],
    "vi": ["dạ ko ạ", "k shop", "hết r ạ", "ko ạ"],
    "ur": ["نہیں، شکریہ", "نہیں بس"],
    "ur_roman": ["nahi bas shukriya", "no"],
}
ASK_ORDER = {
    "en": ["Could you send me your order number, please?", "Sure, what's the order number?"],
    "fr": ["Pouvez-vous me donner votre numéro de commande ?", "Quel est le numéro de commande, svp ?"],
    "vi": ["Dạ anh/chị cho em xin mã đơn hàng ạ", "Dạ anh/chị gửi giúp em mã đơn nha"],
    "ur": ["براہ کرم اپنا آرڈر نمبر بتا دیں۔", "آرڈر نمبر کیا ہے؟"],
    "ur_roman": ["Order number bata dein please."],
}
GIVE_ORDER = {  # the customer's reply: often the bare number
    "en": ["{order}", "{order}", "its {order}", "order {order}"],
    "fr": ["{order}", "{order}", "c'est {order}", "commande {order}"],
    "vi": ["{order}", "{order}", "{order} ạ", "mã đơn {order}"],
    "ur": ["{order}", "{order} ہے"],
    "ur_roman": ["{order}", "ye hai {order}"],
}
CHECKED_ORDER = {
    "en": "Thanks, I've checked {order}. ",
    "fr": "Merci, j'ai vérifié la commande {order}. ",
    "vi": "Dạ em đã kiểm tra đơn {order}. ",
    "ur": "شکریہ، میں نے آرڈر {order} چیک کر لیا ہے۔ ",
    "ur_roman": "Shukriya, maine order {order} check kar liya hai. ",
}
CARD_WARNING = {
    "en": " Also, for your security please never send your full card number in chat.",
    "fr": " Par sécurité, merci de ne jamais envoyer votre numéro de carte complet par chat.",
    "vi": " Lưu ý: để bảo mật, anh/chị đừng gửi số thẻ đầy đủ qua tin nhắn nha.",
    "ur": " براہ کرم اپنی حفاظت کے لیے کارڈ نمبر کبھی چیٹ میں نہ بھیجیں۔",
}
ALSO = {  # second question in the same chat
    "en": ["also ", "oh and ", "one more thing - ", "Another question: "],
    "fr": ["et aussi, ", "autre question : ", "Et sinon "],
    "vi": ["à shop cho e hỏi thêm, ", "còn nữa, ", "cho hỏi thêm "],
    "ur": ["ایک اور سوال: ", "اور یہ بھی بتائیں، "],
    "ur_roman": ["aur ", "ek aur sawal, "],
}
PING = {  # the customer is still waiting (no agent reply in the export)
    "en": ["hello??", "anyone there?", "?"],
    "fr": ["allo ?", "il y a quelqu'un ?"],
    "vi": ["shop ơi??", "alo", "sao ko ai tra loi vay"],
    "ur": ["کوئی ہے؟", "جواب دیں پلیز"],
    "ur_roman": ["koi hai?", "reply karein please"],
}

AGENTS = {
    "en": [("Anna", ["Best regards, Anna — Lumen Support", "Anna\nLumen Shop Customer Care"]),
           ("Tom", ["Cheers, Tom", "Kind regards,\nTom\nLumen Support"])],
    "fr": [("Julien", ["Cordialement, Julien", "Cordialement,\nJulien\nService client Lumen Shop"]),
           ("Claire", ["Bonne journée, Claire — Service client Lumen Shop", "Claire, service client"])],
    "vi": [("Linh", ["Trân trọng, Linh - CSKH", "Linh - CSKH Lumen Shop"]),
           ("Minh", ["Thân mến,\nMinh - CSKH Lumen Shop", "Trân trọng,\nMinh\nChăm sóc khách hàng Lumen Shop"])],
    "ur": [("عائشہ", ["شکریہ، عائشہ", "عائشہ - Lumen Shop"]),
           ("حمزہ", ["شکریہ،\nحمزہ\nLumen Shop کسٹمر سروس"])],
}
AGENT_SALUTATION = {  # email replies
    "en": ["Hello {first},", "Hi {first},", "Dear {first},"],
    "fr": ["Bonjour {first},", "Bonjour,"],
    "vi": ["Dạ chào anh/chị {first},", "Chào anh/chị,"],
    "ur": ["محترم {first}،", "السلام علیکم {first}،"],
    "ur_roman": ["Dear {first},", "AoA {first},"],
}
ROMAN_SIGNATURE = {"عائشہ": "Shukriya, Ayesha - Lumen Shop", "حمزہ": "Shukriya,\nHamza\nLumen Shop Customer Service"}
CUSTOMER_SIGNOFF = {  # emails
    "en": ["Thanks,\n{first}", "Best,\n{name}", "Regards\n{name}", "Cheers\n{first}"],
    "fr": ["Cordialement,\n{name}", "Merci d'avance,\n{first}", "Bonne journée\n{first}"],
    "vi": ["Cảm ơn shop.\n{name}", "Thanks,\n{name}", "Tran trong,\n{name}"],
    "ur": ["شکریہ\n{name}", "والسلام\n{name}"],
    "ur_roman": ["Shukriya\n{name}"],
}
PHONE_LINE = {"en": "Tel: {phone}", "fr": "Tél : {phone}", "vi": "SĐT: {phone}", "ur": "فون: {phone}", "ur_roman": "Mob: {phone}"}
SENT_FROM = {"en": "Sent from my iPhone", "fr": "Envoyé de mon iPhone", "vi": "Sent from my iPhone", "ur": "Sent from my Galaxy", "ur_roman": "Sent from my Galaxy"}

CUSTOMERS = {  # (display name, Latin form for email addresses)
    "en": ["Mark Evans", "Jessica Li", "Sam Porter", "Priya Shah", "Olivia Grant", "Dan Murphy",
           "Chris Walker", "Hannah Scott", "Aisha Bello", "Ryan O'Neill", "Emily Chen", "Jake Thompson",
           "Laura Fischer", "Ben Carter", "Sophie Wright", "Marcus Reid", "Chloe Adams", "Nathan Brooks",
           "Grace Kim", "Kevin Doyle"],
    "fr": ["Camille Durand", "Julie Martin", "Thomas Bernard", "Nadia Benali", "Lucas Petit",
           "Sophie Moreau", "Hugo Lefèvre", "Inès Haddad", "Marc Girard", "Élodie Rousseau",
           "Antoine Faure", "Manon Lambert", "Karim Saïdi", "Léa Fontaine"],
    "vi": ["Nguyễn Minh Anh", "Trần Thu Hà", "Lê Văn Tuấn", "Phạm Ngọc Mai", "Hoàng Đức Long",
           "Võ Thị Hồng", "Đặng Quốc Bảo", "Bùi Thanh Tâm", "Đỗ Hải Yến", "Ngô Gia Huy",
           "Huỳnh Kim Ngân", "Phan Thảo Vy"],
    "ur": [("احمد رضا", "ahmed raza"), ("فاطمہ خان", "fatima khan"), ("عثمان طارق", "usman tariq"),
           ("ثنا بٹ", "sana butt"), ("بلال احمد", "bilal ahmed"), ("زینب علی", "zainab ali"),
           ("حارث محمود", "haris mehmood"), ("مریم اقبال", "maryam iqbal"), ("Kashif Ali", "kashif ali"),
           ("Hira Noor", "hira noor")],
    "ur_roman": [("Usman Tariq", "usman tariq"), ("Sana Iqbal", "sana iqbal"), ("Hamid Raza", "hamid raza"),
                 ("Ali Haider", "ali haider"), ("Komal Shah", "komal shah")],
}

# ---------------------------------------------------------------------------------------
# One-off noise: conversations whose question is asked only once. Turns are
# (role, text) or (role, text, kind) with kind q (the one-off question, default for the
# first customer turn), t (thanks), x (bare content: "ok", a number), g (greeting).
# ---------------------------------------------------------------------------------------

NOISE = {
    "en": [
        ("chat", "gift-wrap", [("c", "Do you do gift wrapping? It's for my mum's birthday"),
                               ("a", "Yes! Tick “Gift wrap” on the basket page and we'll wrap it for £3, with a card if you like."),
                               ("c", "lovely thanks", "t")]),
        ("email", "parcel-soaked", [("c", "Hello,\n\nYour courier threw my parcel over the fence and it was soaked by the rain when I found it. The box was falling apart. Really not happy.\n\nMarcus"),
                                    ("a", "Hello Marcus,\n\nI'm really sorry about this. I've reported it to the courier and a replacement is on its way; you don't need to send anything back.\n\nBest regards, Anna — Lumen Support"),
                                    ("c", "ok. thanks i guess", "t")]),
        ("chat", "jobs", [("c", "are you hiring? i'd love to work in your warehouse"),
                          ("a", "Thanks for your interest! All our open positions are listed on careers.lumenshop.example.")]),
        ("chat", "restock-xl", [("c", "Is the Aria linen shirt coming back in XL?"),
                                ("a", "It's due back mid-March. Tap “Notify me” on the product page and we'll email you as soon as it's in."),
                                ("c", "👍", "x")]),
        ("chat", "account-hacked", [("c", "hi i think someone used my account, there's an order in my history I didn't make"),
                                    ("a", "I'm sorry to hear that. I've locked your account and cancelled that order. Please set a new password with the link we just emailed you and turn on two-step verification in Settings > Security."),
                                    ("c", "done, thanks for the quick help", "t")]),
        ("chat", "laptop-bag", [("c", "Can you recommend a good bag for a 16 inch laptop?"),
                                ("a", "The Harbor backpack and the Nova messenger both fit 16\" laptops. The Harbor has a padded sleeve, if you cycle with it."),
                                ("c", "ok cool", "x")]),
        ("chat", "dark-mode-bug", [("c", "the dark mode in the app makes the prices invisible lol"),
                                   ("a", "Thanks for spotting that! It's a known bug and the fix is in the next app update.")]),
        ("chat", "manager", [("c", "I want to speak to a manager. This is the third time I'm writing about the same thing"),
                             ("a", "I'm sorry you've had to write again. I've escalated your case to our team lead, who will call you today before 6pm. What's the best number to reach you?"),
                             ("c", "+1 (415) 555-0187", "x"),
                             ("a", "Thanks, noted.")]),
        ("chat", "price-match", [("c", "Do you price match if I find it cheaper somewhere else?"),
                                 ("a", "We don't price match, sorry. Our newsletter subscribers get early access to sales though.")]),
        ("chat", "hello-noreply", [("c", "hello", "g"), ("c", "?", "x")]),
        ("chat", "wrong-chat", [("c", "LS-118204", "x"),
                                ("a", "Hi! I can see order LS-118204. What can I help you with?"),
                                ("c", "sorry wrong chat, meant to message my sister"),
                                ("a", "No worries! Have a good evening.")]),
        ("chat", "weather", [("c", "what's the weather like where you guys are lol"),
                             ("a", "Grey and rainy as usual 😄 Anything I can help you with today?"),
                             ("c", "nah just bored. bye", "t")]),
        ("email", "compliment-driver", [("c", "Hello,\n\nI just wanted to say your delivery driver Kevin was very kind to my grandmother today, he carried the box up three floors for her. Please pass on our thanks.\n\nRegards,\nHelen Morris\n07700 900461"),
                                        ("a", "Hello Helen,\n\nThank you so much for taking the time to write, we've passed your message on to Kevin and his manager.\n\nKind regards,\nTom\nLumen Support")]),
    ],
    "fr": [
        ("chat", "colis-voisin", [("c", "Bonjour, le livreur a laissé mon colis chez le voisin sans me prévenir, c'est pas normal"),
                                  ("a", "Bonjour, je suis désolée pour ce désagrément. J'ai transmis votre remarque au transporteur. Votre colis est-il bien récupéré ?"),
                                  ("c", "oui c bon je l'ai", "x")]),
        ("chat", "magasin-lyon", [("c", "Vous avez un magasin à Lyon ?"),
                                  ("a", "Nous vendons uniquement en ligne pour le moment, mais les retours sont gratuits pendant 30 jours si la taille ne convient pas.")]),
        ("email", "influenceuse", [("c", "Bonjour,\n\nJe suis créatrice de contenu mode (45k abonnés) et j'aimerais vous proposer un partenariat. Qui dois-je contacter ?\n\nBelle journée,\nLéa"),
                                   ("a", "Bonjour Léa,\n\nMerci pour votre intérêt ! Vous pouvez écrire à partenariats@lumenshop.example, l'équipe marketing vous répondra.\n\nCordialement, Julien")]),
        ("chat", "pull-odeur", [("c", "le pull que j'ai recu sent vraiment bizarre, genre produit chimique"),
                                ("a", "Je suis désolé ! Pouvez-vous nous envoyer une photo de l'étiquette ? Nous allons vous proposer un échange ou un remboursement."),
                                ("c", "ok je vous envoie ça", "x")]),
        ("chat", "titres-resto", [("c", "vous acceptez les tickets resto ?"),
                                  ("a", "Non, désolé, les titres-restaurant ne sont pas acceptés sur Lumen Shop.")]),
        ("chat", "reclamation-annulee", [("c", "bjr", "g"),
                                         ("a", "Bonjour ! Comment puis-je vous aider ?"),
                                         ("c", "c'était pour une réclamation mais en fait c'est bon j'ai trouvé"),
                                         ("a", "Parfait, bonne journée !")]),
        ("chat", "appli-lente", [("c", "L'appli est super lente sur mon iPhone 8"),
                                 ("a", "L'appli fonctionne à partir d'iOS 15 ; sur les anciens modèles elle peut être plus lente. Le site mobile est une bonne alternative."),
                                 ("c", "dommage. merci quand même", "t")]),
    ],
    "vi": [
        ("chat", "mau-hong", [("c", "áo Aria này có màu hồng ko shop"),
                              ("a", "Dạ mẫu này hiện chỉ có màu trắng và đen thôi ạ."),
                              ("c", "tiếc quá, ok shop", "t")]),
        ("chat", "lo-cuoc-goi-shipper", [("c", "Shipper gọi mà em ko nghe kịp, giờ sao ạ? sdt em 0987 654 321"),
                                         ("a", "Dạ shipper sẽ liên hệ giao lại trong ngày mai ạ, anh/chị để ý điện thoại giúp em nha."),
                                         ("c", "dạ vâng", "t")]),
        ("chat", "ctv", [("c", "shop có tuyển cộng tác viên bán hàng ko"),
                         ("a", "Dạ hiện tại shop chưa có chương trình cộng tác viên ạ.")]),
        ("chat", "hop-mop", [("c", "hàng giao tới bị móp hộp, đồ bên trong ko sao nhưng e hơi buồn"),
                             ("a", "Dạ shop thành thật xin lỗi anh/chị ạ. Shop gửi tặng anh/chị mã giảm 10% cho đơn sau, em đã gửi qua email nha."),
                             ("c", "ok cảm ơn shop", "t")]),
        ("chat", "thieu-hang", [("c", "e đặt 2 cái áo mà nhận có 1 cái"),
                                ("a", "Dạ anh/chị gửi giúp em hình ảnh gói hàng và mã đơn để shop kiểm tra với kho ạ."),
                                ("c", "LS117093", "x"),
                                ("a", "Dạ em đã báo kho, shop sẽ gửi bù cái còn lại trong 2 ngày ạ.")]),
        ("chat", "chi-ok", [("c", "ok", "x"),
                            ("a", "Dạ anh/chị cần shop hỗ trợ gì ạ?")]),
        ("chat", "chinh-hang", [("c", "shop bán hàng chính hãng ko vậy"),
                                ("a", "Dạ 100% sản phẩm của Lumen Shop là hàng chính hãng, có hóa đơn đầy đủ ạ.")]),
        ("chat", "sale-3-3", [("c", "khi nao co sale 3/3 vay shop"),
                              ("a", "Dạ chương trình 3.3 bắt đầu lúc 0h ngày 3/3 ạ, anh/chị bật thông báo app để không bỏ lỡ nha."),
                              ("c", "oki", "t")]),
    ],
    "ur": [
        ("chat", "bachon-ke-kapre", [("c", "کیا آپ کے پاس بچوں کے کپڑے ہیں؟"),
                                      ("a", "جی نہیں، فی الحال ہم صرف بڑوں کے کپڑے اور اسیسریز رکھتے ہیں۔")]),
        ("chat", "rider-badtameezi", [("c", "آپ کے رائڈر نے بہت بدتمیزی کی، یہ طریقہ ٹھیک نہیں"),
                                      ("a", "ہم اس کے لیے معذرت خواہ ہیں۔ ہم نے کوریئر کمپنی کو شکایت بھیج دی ہے۔"),
                                      ("c", "ٹھیک ہے", "t")]),
        ("chat", "eid-sale", [("c", "Eid sale kab shuru hogi?"),
                              ("a", "Eid sale ki dates jald announce hongi, app notifications on rakhein.")]),
        ("chat", "app-urdu", [("c", "کیا آپ کی ایپ اردو میں بھی ہے؟"),
                              ("a", "ابھی نہیں، لیکن اردو ورژن پر کام ہو رہا ہے۔"),
                              ("c", "اچھی بات ہے", "t")]),
        ("chat", "hello-khali", [("c", "ہیلو", "g"), ("c", "؟", "x")]),
    ],
}
CSV_NOISE = {
    "en": [("chat", "student-discount", [("c", "do you do student discount?"),
                                         ("a", "Yes, 10% off with a verified student email, sign up on the Students page."),
                                         ("c", "sweet", "t")])],
    "fr": [("chat", "recyclage", [("c", "Est-ce que vous reprenez les vieux vêtements pour les recycler ?"),
                                  ("a", "Pas encore, mais un programme de reprise arrive au printemps.")])],
    "vi": [("chat", "the-qua-tang", [("c", "shop có bán thẻ quà tặng ko ạ"),
                                     ("a", "Dạ có ạ, thẻ quà tặng từ 200.000đ, anh/chị mua ở mục Thẻ quà tặng trên app nha.")])],
    "ur": [],
}

# ---------------------------------------------------------------------------------------
# Assembly.
# ---------------------------------------------------------------------------------------


def strip_accents(s):
    """How people type Vietnamese or French without an input method: no diacritics."""
    s = s.replace("đ", "d").replace("Đ", "D")
    nfd = unicodedata.normalize("NFD", s)
    return unicodedata.normalize("NFC", "".join(c for c in nfd if not unicodedata.combining(c)))


def is_latin(s):
    return not any("\u0600" <= c <= "\u06ff" for c in s)


def has_accents(s):
    return strip_accents(s) != s


def rfc3339(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


TREND = {
    "flat": lambda x: 1.0,
    "falling": lambda x: 2.6 - 2.4 * x,
    "rising": lambda x: 0.2 + 2.4 * x,
    "step": lambda x: 0.25 if x < 0.45 else 1.6,          # app 3.8 released in week 5
    "spike": lambda x: 2.8 if 0.6 <= x < 0.78 else 0.5,   # SPRING26 sale, weeks 7-8
}
UTC_OFFSET = {"en": [0, 0, 0, -5, -8], "fr": [1], "vi": [7], "ur": [5]}


class Maker:
    def __init__(self, rng):
        self.rng = rng
        self.cycles = {}
        self.used_orders = set()

    def pick(self, key, items):
        """Cycles through a shuffled copy of items, so that variety comes before repeats."""
        pool = self.cycles.get(key)
        if not pool:
            pool = list(items)
            self.rng.shuffle(pool)
            self.cycles[key] = pool
        return pool.pop()

    def spread(self, trend, n):
        """n positions in [0, 1) following the trend's density: stratified sampling (one
        jittered quantile per item, through the inverse CDF), shuffled. The shape of the
        trend then shows even for a topic asked only a dozen times."""
        f = TREND[trend]
        grid = [f((i + 0.5) / 1000) for i in range(1000)]
        total, acc, cdf = sum(grid), 0.0, []
        for g in grid:
            acc += g / total
            cdf.append(acc)
        out = []
        for i in range(n):
            q = (i + self.rng.random()) / n
            k = next((j for j, c in enumerate(cdf) if c >= q), 999)
            out.append((k + self.rng.random()) / 1000)
        self.rng.shuffle(out)
        return out

    def start_time(self, lang, x=None):
        rng = self.rng
        if x is None:
            x = rng.random()
        day = int(x * DAYS)
        offset = rng.choice(UTC_OFFSET[lang])
        local_hour = rng.choice([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 10, 14, 20, 21])
        hour = (local_hour - offset) % 24
        return START + dt.timedelta(days=day, hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60))

    # -- personal data ------------------------------------------------------------------
    def order(self):
        while True:
            n = self.rng.randrange(100000, 130000)
            if n not in self.used_orders:
                self.used_orders.add(n)
                return n

    def fmt_order(self, lang, n):
        forms = {"en": ["#LS-{n}", "LS-{n}", "ls-{n}", "LS{n}", "order #LS-{n}"],
                 "fr": ["LS-{n}", "LS{n}", "n°LS-{n}"],
                 "vi": ["LS{n}", "LS-{n}", "ls{n}", "#LS{n}"],
                 "ur": ["LS-{n}", "LS{n}", "#LS-{n}"]}[lang[:2]]
        s = forms[self.pick(("order-form", lang[:2]), range(len(forms)))].format(n=n)
        return s[len("order "):] if s.startswith("order ") else s

    def phone(self, lang):
        """A phone number in one of the national formats, cycling so that all formats occur."""
        r = self.rng
        d = lambda k: "".join(str(r.randrange(10)) for _ in range(k))
        lang = lang[:2]
        if lang == "fr":
            p, a, b, c, e = r.choice("67"), d(2), d(2), d(2), d(2)
            forms = [f"0{p} {a} {b} {c} {e}", f"+33 {p} {a} {b} {c} {e}", f"0{p}{a}{b}{c}{e}", f"0{p}.{a}.{b}.{c}.{e}"]
        elif lang == "vi":
            p, x = r.choice(["91", "98", "90", "97", "93", "88"]), d(7)  # 0 + 9 digits
            forms = [f"0{p}{x[0]} {x[1:4]} {x[4:]}", f"+84 {p}{x[0]} {x[1:4]} {x[4:]}", f"0{p}{x}", f"0{p}.{x[:3]}.{x[3:]}"]
        elif lang == "ur":
            p, x = r.choice(["300", "301", "321", "333", "345"]), d(7)
            forms = [f"0{p}-{x}", f"+92 {p} {x}", f"0{p}{x}"]
        else:  # fictional US 555-01xx numbers and UK Ofcom drama numbers
            x, y = d(2), d(3)
            forms = [f"(415) 555-01{x}", f"+1 415 555 01{x}", f"212-555-01{x}", f"07700 900{y}", f"+44 7700 900{y}"]
        return forms[self.pick(("phone-form", lang), range(len(forms)))]

    def email(self, latin):
        r = self.rng
        parts = strip_accents(latin).lower().replace("'", "").split()
        first, last = parts[-1], parts[0]
        if len(parts) >= 2 and latin == strip_accents(latin) and not any(ord(c) > 127 for c in latin):
            first, last = parts[0], parts[-1]
        local = r.choice([f"{first}.{last}", f"{first}{last}{r.randrange(70, 100)}", f"{first[0]}{last}", f"{first}_{last}{r.randrange(1, 30)}"])
        return local + "@" + r.choice(["example.com", "example.net", "example.org", "mail.example"])

    def card(self):
        return self.pick("card", ["4111 1111 1111 1111", "4111111111111111", "5555-5555-5555-4444", "4242 4242 4242 4242"])


class Lazy:
    """Personal data of one conversation, made on first use (so unused values use no randomness)."""

    def __init__(self, makers):
        self.makers, self.values = makers, {}

    def __getitem__(self, key):
        if key not in self.values:
            self.values[key] = self.makers[key]()
        return self.values[key]


class Conv:
    def __init__(self, lang, channel, t):
        self.lang = lang
        self.channel = channel
        self.t = t
        self.messages = []  # dicts with role, text, timestamp, author, label

    def add(self, role, text, author, label=None, gap=None):
        self.t = self.t + dt.timedelta(seconds=gap or 0)
        self.messages.append({"role": role, "text": text, "t": self.t, "author": author, "label": label})


def gaps(rng, channel, role):
    if channel == "email":
        return rng.randrange(3600, 20 * 3600) if role == "agent" else rng.randrange(2 * 3600, 30 * 3600)
    return rng.randrange(30, 360) if role == "agent" else rng.randrange(20, 240)


def customer_style(rng, lang, question):
    """Per-conversation typing habits, applied to every customer turn."""
    style = {"lower": False, "nopunct": False, "plain": False}
    if lang in ("en", "fr"):
        style["lower"] = rng.random() < 0.2
        style["nopunct"] = rng.random() < 0.25
    if lang == "fr":
        style["plain"] = rng.random() < 0.3
    if lang == "vi":
        style["plain"] = not has_accents(question) or rng.random() < 0.25
        style["nopunct"] = rng.random() < 0.3
    return style


def typed(text, style):
    if style["plain"]:
        text = strip_accents(text)
    if style["lower"]:
        text = text.lower()
    if style["nopunct"] and text.rstrip("?!. ؟"):
        text = text.rstrip("?!. ")
    return text


def prefixed(prefix, text):
    """Puts a short opening before an answer without stacking Vietnamese "Dạ"."""
    if text.startswith("Dạ ") and prefix.strip():
        text = text[3:4].upper() + text[4:]
    return prefix + text


def greets_itself(text):
    """True when a phrasing already opens with a greeting (then no greeting is added)."""
    return text.lower().startswith(("hi,", "hi ", "hello", "hey", "bonjour", "salut"))


def fill(text, ctx):
    for key in ("order", "email", "phone", "card"):
        text = text.replace("{" + key + "}", ctx[key]) if "{" + key + "}" in text else text
    return text


def topic_lang_key(topic, lang, roman):
    return "ur_roman" if roman and "ur_roman" in TOPICS[topic]["a"] else lang


def make_topic_conv(mk, lang, topic, channel, x, second_topic=None):
    rng = mk.rng
    spec = TOPICS[topic]
    # Real inboxes are skewed: the first (canonical) phrasing comes back more often than
    # the others, still with different greetings, case and punctuation.
    if rng.random() < CANONICAL_SHARE:
        q = spec["q"][lang][0]
    else:
        q = mk.pick(("q", topic, lang), spec["q"][lang])
    roman = lang == "ur" and is_latin(q)
    pl = "ur_roman" if roman else lang          # language key for conversation pieces
    name, latin = mk.pick(("name", pl), [(n, n) if isinstance(n, str) else n for n in CUSTOMERS[pl]])
    first = name.split()[-1] if lang == "vi" else name.split()[0]
    agent, signatures = rng.choice(AGENTS[lang])
    if roman:
        signatures = [ROMAN_SIGNATURE[agent]]
    ctx = Lazy({"order": lambda: mk.fmt_order(lang, mk.order()), "email": lambda: mk.email(latin),
                "phone": lambda: mk.phone(lang), "card": mk.card})
    style = customer_style(rng, lang, q)
    conv = Conv(lang, channel, mk.start_time(lang, x))
    cust_author = name if channel == "chat" else f"{name} <{mk.email(latin)}>"
    had_card = "{card}" in q

    def say(text, label, gap=True):
        conv.add("customer", typed(text, style), cust_author, label, gaps(rng, channel, "customer") if gap and conv.messages else 0)

    def reply(text):
        conv.add("agent", text, agent, None, gaps(rng, channel, "agent"))

    def answer_text(t, checked=None):
        key = topic_lang_key(t, lang, roman)
        a = mk.pick(("a", t, key), TOPICS[t]["a"][key])
        if had_card and key in CARD_WARNING:
            a += CARD_WARNING[key]
        if checked:
            a = prefixed(CHECKED_ORDER[pl].format(order=checked), a)
        return a

    ask_order = spec["ask_order"] and "{order}" not in q and rng.random() < 0.35

    if channel == "email":
        greet = rng.choice(GREETINGS[pl])
        body = typed(fill(q, ctx), style)
        if not greets_itself(q):
            body = typed(greet.rstrip(",!") + ("," if is_latin(greet) else "،"), style) + "\n\n" + body
        signoff = rng.choice(CUSTOMER_SIGNOFF[pl]).format(first=first, name=name)
        body += "\n\n" + signoff
        if rng.random() < 0.3:
            body += "\n" + PHONE_LINE[pl].format(phone=mk.phone(lang))
        elif rng.random() < 0.15:
            body += "\n" + ctx["email"]
        if rng.random() < 0.2:
            body += "\n\n" + SENT_FROM[pl]
        conv.add("customer", body, cust_author, topic)
        if ask_order:
            reply(rng.choice(AGENT_SALUTATION[pl]).format(first=first) + "\n\n" + rng.choice(ASK_ORDER[pl]) + "\n\n" + rng.choice(signatures))
            say(rng.choice(GIVE_ORDER[pl]).format(order=ctx["order"]), "contentonly")
        if rng.random() < 0.04:
            return conv
        ans = answer_text(topic, ctx["order"] if ask_order else None)
        agent_body = rng.choice(AGENT_SALUTATION[pl]).format(first=first) + "\n\n" + ans + "\n\n" + rng.choice(signatures)
        reply(agent_body)
        if rng.random() < 0.35:
            thanks = typed(rng.choice(THANKS[pl]), style)
            quoted = "\n".join(("> " + line) if line else ">" for line in agent_body.split("\n"))
            conv.add("customer", thanks + "\n\n" + quote_header(lang, conv.t) + "\n" + quoted, cust_author, "thankyou", gaps(rng, channel, "customer"))
        return conv

    # chat
    r = rng.random() if not greets_itself(q) else 1.0
    if r < 0.25:
        say(rng.choice(GREETINGS[pl]), "openinggreeting")
        if rng.random() < 0.75:
            reply(rng.choice(OPENERS[pl]))
        say(fill(q, ctx), topic)
    elif r < 0.55:
        g = rng.choice(GREETINGS[pl])
        comma = "، " if not is_latin(g) else ", "
        sep = rng.choice([" ", comma, "\n", " - "]) if g[-1] not in ",!" else rng.choice([" ", "\n"])
        say(g + sep + fill(q, ctx), topic)
    else:
        say(fill(q, ctx), topic)
    if ask_order:
        reply(rng.choice(ASK_ORDER[pl]))
        say(rng.choice(GIVE_ORDER[pl]).format(order=ctx["order"]), "contentonly")
    if rng.random() < 0.05:  # nobody answered (yet)
        if rng.random() < 0.6:
            say(rng.choice(PING[pl]), "contentonly")
        return conv
    ans = answer_text(topic, ctx["order"] if ask_order else None)
    if rng.random() < 0.3:
        ans = prefixed(rng.choice(ANSWER_PREFIX[pl]).format(first=first), ans)
    if rng.random() < 0.3:
        ans += "\n" + rng.choice(signatures)
    reply(ans)
    if second_topic:
        q2 = mk.pick(("q", second_topic, lang), TOPICS[second_topic]["q"][lang])
        if lang == "ur" and is_latin(q2) != roman:
            q2 = next((x for x in TOPICS[second_topic]["q"][lang] if is_latin(x) == roman), q2)
        also = ALSO["ur_roman" if lang == "ur" and is_latin(q2) else lang]
        say(rng.choice(also) + fill(q2, ctx), second_topic)
        had_card = "{card}" in q2
        reply(answer_text(second_topic))
    if rng.random() < 0.7:
        say(rng.choice(THANKS[pl]), "thankyou")
        if rng.random() < 0.55:
            closing = rng.choice(CLOSINGS[pl])
            reply(closing)
            if closing == CLOSINGS[pl][-1] and rng.random() < 0.7:
                say(rng.choice(NOTHING_ELSE[pl]), "closinggreeting")
    return conv


def quote_header(lang, t):
    hm = t.strftime("%H:%M")
    if lang == "fr":
        wd = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."][t.weekday()]
        mo = ["janv.", "févr.", "mars", "avr."][t.month - 1]
        return f"Le {wd} {t.day} {mo} {t.year} à {hm}, Lumen Shop - Service client <support@lumenshop.example> a écrit :"
    if lang == "vi":
        wd = ["Th 2", "Th 3", "Th 4", "Th 5", "Th 6", "Th 7", "CN"][t.weekday()]
        return f"Vào {wd}, {t.day} thg {t.month}, {t.year} lúc {hm} Lumen Shop CSKH <support@lumenshop.example> đã viết:"
    return f"On {t.strftime('%a')}, {t.day} {t.strftime('%b')} {t.year} at {hm}, Lumen Support <support@lumenshop.example> wrote:"


def make_noise_conv(mk, lang, channel, slug, turns):
    rng = mk.rng
    conv = Conv(lang, channel, mk.start_time(lang))
    agent, _ = rng.choice(AGENTS[lang])
    pl = lang
    name = mk.pick(("noise-name", pl), [n if isinstance(n, str) else n[0] for n in CUSTOMERS[pl]])
    first_q = True
    for turn in turns:
        role, text = turn[0], turn[1]
        if role == "a":
            conv.add("agent", text, agent, None, gaps(rng, channel, "agent"))
            continue
        kind = turn[2] if len(turn) > 2 else ("q" if first_q else "t")
        if kind == "q":
            first_q = False
        label = {"q": "oneoff:" + slug, "t": "thankyou", "x": "contentonly", "g": "openinggreeting"}[kind]
        conv.add("customer", text, name, label, gaps(rng, channel, "customer") if conv.messages else 0)
    return conv


def allocate(weights, total):
    """Largest-remainder split of total over topics, by weight."""
    s = sum(weights.values())
    raw = {k: total * w / s for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: (-(raw[k] - out[k]), k))[: total - sum(out.values())]:
        out[k] += 1
    return out


def build(mk, plan, noise, second_share):
    rng = mk.rng
    convs, jobs = [], {}
    for lang, (n_topic, _) in plan.items():
        counts = allocate({t: TOPICS[t]["weights"][lang] for t in TOPIC_ORDER if TOPICS[t]["weights"][lang] > 0}, n_topic)
        jobs[lang] = [t for t in TOPIC_ORDER for _ in range(counts.get(t, 0))]
        rng.shuffle(jobs[lang])
    # Dates: per topic across languages, so that each topic's trend shows in the total.
    when = {t: mk.spread(TOPICS[t]["trend"], sum(j.count(t) for j in jobs.values())) for t in TOPIC_ORDER}
    for lang, (_, n_noise) in plan.items():
        for topic in jobs[lang]:
            channel = "email" if rng.random() < EMAIL_SHARE[lang] else "chat"
            second = None
            if channel == "chat" and rng.random() < second_share:
                choices = [t for t in TOPIC_ORDER if t != topic and TOPICS[t]["weights"][lang] >= 3]
                second = rng.choice(choices)
            convs.append(make_topic_conv(mk, lang, topic, channel, when[topic].pop(), second))
        for channel, slug, turns in noise[lang][:n_noise]:
            convs.append(make_noise_conv(mk, lang, channel, slug, turns))
    convs.sort(key=lambda c: (c.messages[0]["t"], c.lang))
    return convs


def to_nfd_some(convs, k):
    """Decompose (NFD) the first customer message of k Vietnamese chats typed with diacritics."""
    done = []
    for c in convs:
        if len(done) == k:
            break
        m = c.messages[0]
        accented = sum(1 for ch in m["text"] if has_accents(ch))
        if c.lang == "vi" and c.channel == "chat" and m["role"] == "customer" and accented >= 5:
            nfd = unicodedata.normalize("NFD", m["text"])
            if nfd != m["text"]:
                m["text"] = nfd
                m["nfd"] = True
                done.append(c)
    return done


TREND_TEXT = {
    "flat": "flat",
    "falling": "falling",
    "rising": "rising",
    "step": "rising (jumps with app 3.8 in week 5)",
    "spike": "spike in weeks 7–8 (SPRING26 sale)",
}
LANG_NAMES = [("en", "English"), ("fr", "French"), ("vi", "Vietnamese"), ("ur", "Urdu")]


def stats_block(jsonl, flat, nfd):
    """The README's tables, computed from the generated conversations."""
    def count(convs, pred):
        return sum(1 for c in convs if pred(c))

    roman = count(jsonl, lambda c: c.lang == "ur" and is_latin(c.messages[0]["text"]))
    lines = [
        "| file | conversations | messages | chat / email |",
        "|---|---|---|---|",
    ]
    for name, convs in (("conversations.jsonl", jsonl), ("messages.csv", flat)):
        lines.append(f"| `{name}` | {len(convs)} | {sum(len(c.messages) for c in convs)} | "
                     f"{count(convs, lambda c: c.channel == 'chat')} / {count(convs, lambda c: c.channel == 'email')} |")
    n_labels = sum(1 for c in jsonl + flat for m in c.messages if m["role"] == "customer")
    lines += ["", f"`labels.jsonl` has {n_labels} lines, one for every customer message of both files.", "",
              "| language | conversations.jsonl | messages.csv |", "|---|---|---|"]
    for code, name in LANG_NAMES:
        a, b = count(jsonl, lambda c: c.lang == code), count(flat, lambda c: c.lang == code)
        extra = f", {roman} of them in Roman Urdu" if code == "ur" else ""
        lines.append(f"| {name} (`{code}`) | {a} ({100 * a / len(jsonl):.0f}%){extra} | {b} |")
    times = [m["t"] for c in jsonl + flat for m in c.messages]
    lines += ["", f"Timestamps run from {rfc3339(min(times))} to {rfc3339(max(times))}. "
              "Decomposed (NFD) messages: the first customer message of "
              + ", ".join(f"`{c.id}`" for c in nfd) + ".", "",
              "| label | question | messages | languages | trend | messages per week 1–10 |",
              "|---|---|---|---|---|---|"]
    per = {t: {"n": 0, "langs": {}, "weeks": [0] * 10} for t in TOPIC_ORDER}
    for c in jsonl + flat:
        for m in c.messages:
            if m["label"] in per:
                e = per[m["label"]]
                e["n"] += 1
                e["langs"][c.lang] = e["langs"].get(c.lang, 0) + 1
                e["weeks"][min(9, (m["t"] - START).days // 7)] += 1
    for t in sorted(TOPIC_ORDER, key=lambda t: (-per[t]["n"], t)):
        e = per[t]
        langs = " ".join(f"{k} {e['langs'][k]}" for k, _ in LANG_NAMES if k in e["langs"])
        lines.append(f"| `{t}` | {TOPICS[t]['question']} | {e['n']} | {langs} | {TREND_TEXT[TOPICS[t]['trend']]} | "
                     + " ".join(str(w) for w in e["weeks"]) + " |")
    oneoffs = sum(1 for c in jsonl + flat for m in c.messages if (m["label"] or "").startswith("oneoff:"))
    lines += ["", f"One-off questions (`oneoff:<slug>` labels): {oneoffs}."]
    return "\n".join(lines)


def write_readme_stats(block):
    path = os.path.join(HERE, "README.md")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        text = f.read()
    begin, end = "<!-- stats:begin (written by make_demo.py) -->", "<!-- stats:end -->"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(head + begin + "\n" + block + "\n" + end + tail)


def main():
    rng = random.Random(SEED)
    mk = Maker(rng)
    jsonl = build(mk, JSONL_PLAN, NOISE, 0.1)
    flat = build(mk, CSV_PLAN, CSV_NOISE, 0.1)
    for i, c in enumerate(jsonl, 1):
        c.id = f"lumen-c{i:04d}"
    for i, c in enumerate(flat, 1):
        c.id = f"lumen-f{i:03d}"
    for c in jsonl + flat:
        for m in c.messages:
            m["text"] = unicodedata.normalize("NFC", m["text"])
    nfd = to_nfd_some(jsonl[len(jsonl) // 3:], 3) + to_nfd_some(flat, 1)

    with open(os.path.join(HERE, "conversations.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for c in jsonl:
            rec = {"id": c.id, "channel": c.channel, "messages": [
                {"role": m["role"], "text": m["text"], "timestamp": rfc3339(m["t"]), "author": m["author"]}
                for m in c.messages]}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")

    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["conversation_id", "role", "text", "timestamp", "channel"])
    for c in flat:
        for m in c.messages:
            w.writerow([c.id, m["role"], m["text"], rfc3339(m["t"]), c.channel])
    with open(os.path.join(HERE, "messages.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())

    with open(os.path.join(HERE, "labels.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for c in jsonl + flat:
            for i, m in enumerate(c.messages):
                if m["role"] == "customer":
                    f.write(json.dumps({"conversation_id": c.id, "message_index": i, "label": m["label"]}, ensure_ascii=False) + "\n")

    write_readme_stats(stats_block(jsonl, flat, nfd))
    print("conversations.jsonl:", len(jsonl), "conversations;", "messages.csv:", len(flat), "conversations")
    print("NFD messages in:", ", ".join(c.id for c in nfd))
    for name, convs in (("conversations.jsonl", jsonl), ("messages.csv", flat)):
        langs = {}
        for c in convs:
            langs[c.lang] = langs.get(c.lang, 0) + 1
        print(f"{name} by language:", ", ".join(f"{k} {v} ({100 * v / len(convs):.0f}%)" for k, v in langs.items()),
              "| channels:", sum(c.channel == "chat" for c in convs), "chat,", sum(c.channel == "email" for c in convs), "email")


def check():
    """Validates the committed files: shapes of SPEC formats 1 and 2, ids, labels, NFC."""
    import re
    import sys
    problems = []
    ts_re = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
    ids, roles, non_nfc = set(), {}, 0
    with open(os.path.join(HERE, "conversations.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            c = json.loads(line)
            if set(c) != {"id", "channel", "messages"} or c["channel"] not in ("chat", "email") or c["id"] in ids:
                problems.append(f"conversations.jsonl:{n}: bad conversation fields, channel or duplicate id")
            ids.add(c["id"])
            last = ""
            for i, m in enumerate(c["messages"]):
                if set(m) != {"role", "text", "timestamp", "author"} or m["role"] not in ("customer", "agent") \
                        or not m["text"].strip() or not ts_re.match(m["timestamp"]) or m["timestamp"] < last:
                    problems.append(f"conversations.jsonl:{n}: message {i} has bad fields or an out-of-order timestamp")
                last = m["timestamp"]
                roles[(c["id"], i)] = m["role"]
                non_nfc += unicodedata.normalize("NFC", m["text"]) != m["text"]
    with open(os.path.join(HERE, "messages.csv"), encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != ["conversation_id", "role", "text", "timestamp", "channel"]:
            problems.append("messages.csv: unexpected header")
        counters, flat_ids = {}, set()
        for n, row in enumerate(reader, 2):
            cid = row["conversation_id"]
            if cid in ids:
                problems.append(f"messages.csv:{n}: id {cid} collides with conversations.jsonl")
            flat_ids.add(cid)
            if row["role"] not in ("customer", "agent") or not row["text"].strip() or not ts_re.match(row["timestamp"]):
                problems.append(f"messages.csv:{n}: bad role, text or timestamp")
            i = counters.get(cid, 0)
            counters[cid] = i + 1
            roles[(cid, i)] = row["role"]
            non_nfc += unicodedata.normalize("NFC", row["text"]) != row["text"]
    labelled = set()
    with open(os.path.join(HERE, "labels.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            lab = json.loads(line)
            key = (lab["conversation_id"], lab["message_index"])
            if roles.get(key) != "customer":
                problems.append(f"labels.jsonl:{n}: {key} is not a customer message")
            labelled.add(key)
    missing = [k for k, r in roles.items() if r == "customer" and k not in labelled]
    if missing:
        problems.append(f"labels.jsonl: {len(missing)} customer messages have no label, e.g. {missing[0]}")
    print(f"check: {len(ids)} JSONL conversations, {len(flat_ids)} CSV conversations, "
          f"{len(roles)} messages, {len(labelled)} labels, {non_nfc} messages not in NFC (expected 4)")
    for p in problems:
        print("check:", p)
    if problems or non_nfc != 4:
        sys.exit(1)


if __name__ == "__main__":
    import sys
    if sys.argv[1:] != ["--check"]:
        main()
    check()
