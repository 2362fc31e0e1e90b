//! The terminal panel's own words (Kafka's output itself is printed as Kafka prints it).

use crate::sim::Lang;

pub struct TerminalText {
    pub title: &'static str,
    pub hint: &'static str,
    pub screen_label: &'static str,
    pub input_label: &'static str,
    pub placeholder: &'static str,
}

const EN: TerminalText = TerminalText {
    title: "Kafka CLI terminal",
    hint: "Kafka's own tools against this cluster (bootstrap server localhost:9092). Try `help`, or kafka-topics.sh --describe --topic orders. Tab completes, ↑/↓ walk the history, Ctrl-D ends the console producer, Ctrl-L clears.",
    screen_label: "Terminal output",
    input_label: "Command line",
    placeholder: "kafka-topics.sh --bootstrap-server localhost:9092 --list",
};

const KO: TerminalText = TerminalText {
    title: "Kafka CLI 터미널",
    hint: "이 클러스터에 Kafka 도구를 그대로 실행합니다 (bootstrap server localhost:9092). `help`나 kafka-topics.sh --describe --topic orders 를 입력해 보세요. Tab 자동완성, ↑/↓ 히스토리, Ctrl-D로 console producer 종료, Ctrl-L로 화면 지우기.",
    screen_label: "터미널 출력",
    input_label: "명령줄",
    placeholder: "kafka-topics.sh --bootstrap-server localhost:9092 --list",
};

pub fn terminal_text(lang: Lang) -> &'static TerminalText {
    match lang {
        Lang::En => &EN,
        Lang::Ko => &KO,
    }
}
