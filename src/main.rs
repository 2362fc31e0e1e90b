//! The wasm entry point: mount the Kafka Playground app.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(kafka_playground::ui::App);
}
