//! Presenter mode's words.

use crate::sim::Lang;

pub struct PresenterText {
    pub toggle: &'static str,
    pub toggle_help: &'static str,
    pub title: &'static str,
    pub strip_label: &'static str,
    pub partition: &'static str,
    pub cues: &'static str,
    pub keys_button: &'static str,
    pub keys_title: &'static str,
    pub keys: &'static [(&'static str, &'static str)],
    pub close: &'static str,
    pub black_label: &'static str,
    pub no_leader: &'static str,
}

const EN: PresenterText = PresenterText {
    toggle: "Presenter",
    toggle_help: "Presenter mode: large type, high contrast, a cue list and clicker keys (press ? for the keys)",
    title: "Presenter mode",
    strip_label: "Presenter controls",
    partition: "k / p act on",
    cues: "Cue list: jump to a step",
    keys_button: "Keys (?)",
    keys_title: "Presenter keys",
    keys: &[
        ("PageDown / →", "next step (or the next event in free play)"),
        ("PageUp / ←", "previous step (or one event back)"),
        (". / Space", "play / pause"),
        ("b", "black screen (b again to come back)"),
        ("k", "crash the leader of the selected partition"),
        ("r", "restart every broker that is down"),
        ("p", "produce one record to the selected partition"),
        ("?", "show or hide these keys"),
        ("Esc", "close this help"),
    ],
    close: "Close",
    black_label: "Black screen: press b to come back",
    no_leader: "no leader to crash right now",
};

const KO: PresenterText = PresenterText {
    toggle: "발표 모드",
    toggle_help: "발표 모드: 큰 글씨, 높은 대비, 큐 목록, 클리커 키 (?를 누르면 키 목록)",
    title: "발표 모드",
    strip_label: "발표 도구",
    partition: "k / p 대상",
    cues: "큐 목록: 단계로 바로 가기",
    keys_button: "키 (?)",
    keys_title: "발표 모드 키",
    keys: &[
        ("PageDown / →", "다음 단계 (자유 실습에서는 다음 이벤트)"),
        ("PageUp / ←", "이전 단계 (또는 이벤트 하나 뒤로)"),
        (". / Space", "재생 / 일시정지"),
        ("b", "검은 화면 (b를 다시 누르면 돌아옴)"),
        ("k", "선택한 파티션의 leader 브로커 죽이기"),
        ("r", "내려간 브로커 모두 재시작"),
        ("p", "선택한 파티션에 레코드 하나 produce"),
        ("?", "이 키 목록 보이기 / 숨기기"),
        ("Esc", "도움말 닫기"),
    ],
    close: "닫기",
    black_label: "검은 화면: b를 누르면 돌아옵니다",
    no_leader: "지금은 죽일 leader가 없습니다",
};

pub fn presenter_text(lang: Lang) -> &'static PresenterText {
    match lang {
        Lang::En => &EN,
        Lang::Ko => &KO,
    }
}
