//! Progress bars on stderr, hidden when stderr is not a terminal (pipes, CI, tests).

use std::io::IsTerminal;
use std::time::Duration;

use faqmine::{Progress, ProgressFn, Stage};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

fn target() -> ProgressDrawTarget {
    if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    }
}

/// A bar of `len` steps.
pub fn bar(len: u64, message: impl Into<String>) -> ProgressBar {
    let pb = ProgressBar::with_draw_target(Some(len), target());
    pb.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} ({elapsed}) {wide_msg}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    pb.set_message(message.into());
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}

/// A spinner for a step whose length is unknown.
pub fn spinner(message: impl Into<String>) -> ProgressBar {
    let pb = ProgressBar::with_draw_target(None, target());
    pb.set_style(ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("valid template"));
    pb.set_message(message.into());
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}

/// A [`ProgressFn`] for the [`Miner`](faqmine::Miner) that drives `pb`, one stage at a time.
pub fn miner_callback(pb: ProgressBar) -> ProgressFn {
    std::sync::Arc::new(move |p: Progress| {
        let name = match p.stage {
            Stage::Analyze => "analyzing messages",
            Stage::Cluster => "clustering questions",
            Stage::Faq => "writing FAQ entries",
            _ => "mining",
        };
        // Position before length, so that a new stage never shows the old stage's count
        // over its own total.
        pb.set_position(p.done);
        pb.set_length(p.total);
        pb.set_message(name);
    })
}
