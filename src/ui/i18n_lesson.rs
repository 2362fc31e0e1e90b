//! The lesson player's strings, in English and Korean (Kafka terms stay in English).

use crate::player::course::LinkProblem;
use crate::sim::Lang;

pub struct LessonStrings {
    pub lessons: &'static str,
    pub chapters: &'static str,
    pub chapter: &'static str,
    pub open_file: &'static str,
    pub drop_hint: &'static str,
    pub start: &'static str,
    pub restart: &'static str,
    pub back: &'static str,
    pub continue_: &'static str,
    pub keys_hint: &'static str,
    pub try_it: &'static str,
    pub back_to_lesson: &'static str,
    pub free_play_note: &'static str,
    pub close: &'static str,
    pub checked: &'static str,
    pub predict: &'static str,
    pub answer: &'static str,
    pub predict_hint: &'static str,
    pub right: &'static str,
    pub wrong: &'static str,
    pub correct_was: &'static str,
    pub done_title: &'static str,
    pub done_body: &'static str,
    pub next_lesson: &'static str,
    pub done_mark: &'static str,
    pub link_here: &'static str,
    pub file_error: &'static str,
    pub step_failed: &'static str,
    pub from_file: &'static str,
    pub dismiss: &'static str,
}

const EN: LessonStrings = LessonStrings {
    lessons: "Lessons",
    chapters: "Chapters",
    chapter: "Chapter",
    open_file: "Open a lesson file…",
    drop_hint: "or drop a .toml lesson here",
    start: "Start",
    restart: "Start over",
    back: "Back",
    continue_: "Continue",
    keys_hint: "Keys: ← Back · → Continue",
    try_it: "Now try it yourself",
    back_to_lesson: "Back to the lesson",
    free_play_note: "Free play on a copy of this step: every control works, and the lesson waits where you left it.",
    close: "Close the lesson",
    checked: "Checked by the simulator",
    predict: "Predict",
    answer: "Answer",
    predict_hint: "Pick with ↑/↓ or 1–4, then Enter.",
    right: "Right!",
    wrong: "Not quite.",
    correct_was: "The answer:",
    done_title: "Lesson complete",
    done_body: "Every claim above was computed by the simulator for this seed.",
    next_lesson: "Next lesson",
    done_mark: "done",
    link_here: "Link to this step",
    file_error: "This lesson file cannot be used:",
    step_failed: "This step stopped:",
    from_file: "from a file",
    dismiss: "Dismiss",
};

const KO: LessonStrings = LessonStrings {
    lessons: "강의",
    chapters: "챕터",
    chapter: "챕터",
    open_file: "강의 파일 열기…",
    drop_hint: "또는 .toml 강의 파일을 여기에 끌어다 놓으세요",
    start: "시작",
    restart: "처음부터",
    back: "이전",
    continue_: "계속",
    keys_hint: "키보드: ← 이전 · → 계속",
    try_it: "직접 해 보기",
    back_to_lesson: "강의로 돌아가기",
    free_play_note: "이 단계의 복사본으로 자유롭게 실험합니다. 모든 컨트롤이 동작하고, 강의는 멈춘 자리에서 기다립니다.",
    close: "강의 닫기",
    checked: "시뮬레이터가 확인한 사실",
    predict: "예측해 보세요",
    answer: "답하기",
    predict_hint: "↑/↓ 또는 1–4로 고른 뒤 Enter.",
    right: "정답입니다!",
    wrong: "아쉽네요.",
    correct_was: "정답:",
    done_title: "강의 완료",
    done_body: "위의 모든 주장은 이 seed로 시뮬레이터가 계산한 결과입니다.",
    next_lesson: "다음 강의",
    done_mark: "완료",
    link_here: "이 단계 링크",
    file_error: "이 강의 파일은 쓸 수 없습니다:",
    step_failed: "이 단계에서 멈췄습니다:",
    from_file: "파일에서 연 강의",
    dismiss: "닫기",
};

pub fn lesson_strings(lang: Lang) -> &'static LessonStrings {
    match lang {
        Lang::En => &EN,
        Lang::Ko => &KO,
    }
}

/// "Step 3 of 7".
pub fn step_of(lang: Lang, n: usize, total: usize) -> String {
    match lang {
        Lang::En => format!("Step {n} of {total}"),
        Lang::Ko => format!("{total}단계 중 {n}단계"),
    }
}

/// "Resume at step 3".
pub fn resume_label(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("Resume at step {n}"),
        Lang::Ko => format!("{n}단계부터 이어서"),
    }
}

/// A lesson's place in the list: "3/7" or "done".
pub fn reached_label(lang: Lang, reached: usize, total: usize, done: bool) -> String {
    if done {
        lesson_strings(lang).done_mark.to_string()
    } else {
        format!("{reached}/{total}")
    }
}

/// A deep link that could not be followed, naming the parameter.
pub fn link_problem(lang: Lang, p: &LinkProblem) -> String {
    match (lang, p) {
        (Lang::En, LinkProblem::UnknownLesson(id)) => format!("?lesson={id}: there is no lesson with this id. Pick one from the chapters below."),
        (Lang::Ko, LinkProblem::UnknownLesson(id)) => format!("?lesson={id}: 이 id의 강의가 없습니다. 아래 챕터에서 골라 주세요."),
        (Lang::En, LinkProblem::BadStep { given, total }) => format!("?step={given}: the step must be a whole number from 1 to {total}; starting from the beginning."),
        (Lang::Ko, LinkProblem::BadStep { given, total }) => format!("?step={given}: step은 1부터 {total}까지의 정수여야 합니다. 처음부터 시작합니다."),
        (Lang::En, LinkProblem::StepWithoutLesson(s)) => format!("?step={s} needs ?lesson=<id> too; pick a lesson below."),
        (Lang::Ko, LinkProblem::StepWithoutLesson(s)) => format!("?step={s}에는 ?lesson=<id>도 필요합니다. 아래에서 강의를 골라 주세요."),
    }
}
