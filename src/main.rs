//! The wasm entry point: mount the Kafka Playground app.

use kafka_playground::ui::{panic_banner, url};

fn main() {
    // `console_error_panic_hook`'s console message, then the "Something broke" banner.
    panic_banner::install();
    // The banner's links carry `kplay_reset=<time>` to force a fresh load; take it off the address.
    panic_banner::strip_reset_param();
    // `<html lang>` right from the start, so that a panic while mounting speaks the page's language.
    url::set_document_lang(url::initial_lang());
    leptos::mount::mount_to_body(kafka_playground::ui::App);
    // Test hook: `?debug_panic=1` / `?debug_panic=event` (see `ui/panic_banner.rs`).
    panic_banner::debug_panic_if_asked();
}
