//! The words of sharing and embedding (English and Korean).

use crate::sim::Lang;

pub struct StageText {
    pub share: &'static str,
    pub share_label: &'static str,
    pub link_label: &'static str,
    pub copied: &'static str,
    pub copy_failed: &'static str,
    pub embed_code: &'static str,
    pub embed_title: &'static str,
    pub embed_help: &'static str,
    pub embed_include_session: &'static str,
    pub copy: &'static str,
    pub close: &'static str,
    pub session_opened: &'static str,
    pub session_failed: &'static str,
    pub broker_menu: &'static str,
    pub broker_menu_help: &'static str,
    pub isolate: &'static str,
    pub heal: &'static str,
}

const EN: StageText = StageText {
    share: "Share",
    share_label: "Share: copy a link to this exact run",
    link_label: "Link to this run",
    copied: "Link copied.",
    copy_failed: "Copying is blocked here: the link is selected, press Ctrl+C (⌘C) to copy it.",
    embed_code: "Embed",
    embed_title: "Embed this playground",
    embed_help: "Paste this into a wiki or a page. Edit ?lock= to hide controls, and ?origins= to list the pages allowed to send commands.",
    embed_include_session: "Start the embed at this run",
    copy: "Copy",
    close: "Close",
    session_opened: "Opened a shared run",
    session_failed: "This shared link could not be opened, so the playground starts fresh",
    broker_menu: "Broker actions",
    broker_menu_help: "Press and hold a broker for its actions",
    isolate: "Isolate",
    heal: "Heal",
};

const KO: StageText = StageText {
    share: "공유",
    share_label: "공유: 지금 이 실행 그대로의 링크 복사",
    link_label: "이 실행의 링크",
    copied: "링크를 복사했습니다.",
    copy_failed: "여기서는 복사가 막혀 있습니다. 링크가 선택되어 있으니 Ctrl+C (⌘C)를 누르세요.",
    embed_code: "임베드",
    embed_title: "이 playground 임베드하기",
    embed_help: "위키나 웹 페이지에 붙여 넣으세요. ?lock=으로 컨트롤을 숨기고, ?origins=에 명령을 보낼 수 있는 페이지를 적으세요.",
    embed_include_session: "지금 이 실행에서 시작",
    copy: "복사",
    close: "닫기",
    session_opened: "공유된 실행을 열었습니다",
    session_failed: "공유 링크를 열 수 없어 처음부터 시작합니다",
    broker_menu: "broker 동작",
    broker_menu_help: "broker를 길게 누르면 동작 메뉴가 열립니다",
    isolate: "격리",
    heal: "복구",
};

pub fn stage_text(lang: Lang) -> &'static StageText {
    match lang {
        Lang::En => &EN,
        Lang::Ko => &KO,
    }
}
