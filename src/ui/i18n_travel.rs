//! UI strings for time travel (the scrubber, the past banner, the fork notice), English and Korean.

use super::travel::Fork;
use crate::sim::Lang;

pub struct TravelText {
    pub timeline: &'static str,
    pub scrub_label: &'static str,
    pub step_back: &'static str,
    pub step_back_label: &'static str,
    pub to_now: &'static str,
    pub in_past: &'static str,
    pub live: &'static str,
    pub past: &'static str,
    pub dismiss: &'static str,
    pub jump: &'static str,
}

const EN: TravelText = TravelText {
    timeline: "Timeline",
    scrub_label: "Seek to an event of this run",
    step_back: "◀ Step back",
    step_back_label: "Step back one event",
    to_now: "Back to now",
    in_past: "You are looking at the past. Step and Play follow the recorded run; acting here forks the timeline and discards the old future.",
    live: "live",
    past: "past",
    dismiss: "Dismiss",
    jump: "Go to this event",
};

const KO: TravelText = TravelText {
    timeline: "타임라인",
    scrub_label: "이 실행의 이벤트로 이동",
    step_back: "◀ 한 단계 뒤로",
    step_back_label: "한 단계 뒤로: 이벤트 하나 뒤로",
    to_now: "현재로 돌아가기",
    in_past: "과거를 보고 있습니다. 스텝과 재생은 기록된 실행을 따라갑니다. 여기서 조작하면 타임라인이 갈라지고 예전의 미래는 버려집니다.",
    live: "실시간",
    past: "과거",
    dismiss: "닫기",
    jump: "이 이벤트로 이동",
};

pub fn travel(lang: Lang) -> &'static TravelText {
    match lang {
        Lang::En => &EN,
        Lang::Ko => &KO,
    }
}

/// "Event 12 of 340" for the scrubber's position readout.
pub fn position_text(lang: Lang, at: Option<u64>, end: u64) -> String {
    let at = at.map_or(0, |a| a + 1);
    match lang {
        Lang::En => format!("Event {at} of {end}"),
        Lang::Ko => format!("이벤트 {end}개 중 {at}번째"),
    }
}

pub fn fork_notice(lang: Lang, f: Fork) -> String {
    match lang {
        Lang::En => format!(
            "Timeline forked: you acted in the past, so the old future ({} action{}, {} event{}) was discarded. This is a new run from here.",
            f.actions, if f.actions == 1 { "" } else { "s" }, f.events, if f.events == 1 { "" } else { "s" }),
        Lang::Ko => format!(
            "타임라인이 갈라졌습니다: 과거에서 조작했으므로 예전의 미래(조작 {}개, 이벤트 {}개)는 버려졌습니다. 여기서부터 새로운 실행입니다.",
            f.actions, f.events),
    }
}
