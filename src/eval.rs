//! Evaluation: clustering and retrieval scores from labelled data.
