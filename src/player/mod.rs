//! The lesson player's pure logic: no web crates, so native `cargo test` reaches all of it.
//! The Leptos views in `src/ui/lesson_*.rs` only draw what these types say.
//!
//! - [`session`]: where a learner is in a lesson (title card, a predict question, a shown step,
//!   the end card) and Back/Continue as checkpoints of a [`Runner`](crate::lesson::Runner).
//! - [`check_view`]: the checker panel's badges per group and the ledger selection one opens.
//! - [`course`]: the chapter list, and the `?lesson=` / `?step=` deep link resolved against it.
//! - [`metrics`]: cluster metrics named after Kafka's JMX metrics, over virtual time.
//! - [`progress`]: what the browser remembers (lessons and steps done), parsed forgivingly.
//! - [`ledger_view`]: the ledger table's state filters and each record's lane.
//! - [`sequence`]: the message-sequence diagram's lanes and arrows.
//! - [`split`]: split screen, two runs of one script differing in one setting, and what differs.
//! - [`terms`]: key Kafka terms in narration (leader, ISR, HW, ...) found for colouring.

pub mod check_view;
pub mod course;
pub mod ledger_view;
pub mod metrics;
pub mod progress;
pub mod sequence;
pub mod session;
pub mod split;
pub mod terms;
