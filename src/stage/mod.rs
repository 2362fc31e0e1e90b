//! On stage and in the wiki: shareable sessions, embedding options, the postMessage protocol and
//! the board's rows at scale.
//! Pure Rust (no web crates, tested natively); `src/ui/share.rs` and `src/ui/embed.rs` wire it to
//! the page.

pub mod base64url;
pub mod board_rows;
pub mod session;
pub mod embed_options;
pub mod protocol;
