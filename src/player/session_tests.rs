use super::*;
use crate::lesson::{catalog, parse};

const LESSON_1: &str = "acks1-loses-acknowledged-records";

fn lesson_1() -> Session {
    Session::new(catalog::by_id(LESSON_1).expect("lesson 1 is built in")).expect("lesson 1 starts")
}

/// The index of lesson 1's first step with a question (found, not assumed).
fn first_predict(s: &Session) -> usize {
    s.lesson().steps.iter().position(|st| st.predict.is_some()).expect("lesson 1 asks a question")
}

#[test]
fn continue_walks_title_steps_and_end_and_asks_before_running() {
    let mut s = lesson_1();
    assert_eq!(s.stage(), Stage::Title);
    assert_eq!(s.runner().report().steps.len(), 0);
    let q = first_predict(&s);
    for i in 0..q {
        assert!(s.forward());
        assert_eq!(s.stage(), Stage::Shown(i));
        assert!(s.report(i).expect("ran").passed(), "step {} of lesson 1 fails", i + 1);
    }
    assert!(s.forward());
    assert_eq!(s.stage(), Stage::Asking(q));
    // Asked, not yet run: no report for the step, and Continue waits for an answer.
    assert!(s.report(q).is_none());
    assert!(!s.forward());
    assert_eq!(s.stage(), Stage::Asking(q));
    let answer = s.predict(q).unwrap().answer_index;
    assert_eq!(s.choose(answer), Some(true));
    assert_eq!(s.stage(), Stage::Shown(q));
    assert_eq!(s.answer(q), Some((answer, true)));
    assert!(s.report(q).is_some());
    while s.stage() != Stage::End {
        assert!(s.forward());
    }
    assert_eq!(s.runner().report().steps.len(), s.total());
    assert!(s.runner().report().passed());
    assert!(!s.forward(), "Continue on the end card does nothing");
}

#[test]
fn a_wrong_choice_is_recorded_wrong_and_out_of_range_is_refused() {
    let mut s = lesson_1();
    let q = first_predict(&s);
    s.goto(q);
    assert_eq!(s.stage(), Stage::Asking(q));
    let p = s.predict(q).unwrap().clone();
    assert_eq!(s.choose(p.choices.len()), None, "no such choice");
    assert_eq!(s.stage(), Stage::Asking(q));
    let wrong = (p.answer_index + 1) % p.choices.len();
    assert_eq!(s.choose(wrong), Some(false));
    assert_eq!(s.answer(q), Some((wrong, false)));
}

#[test]
fn back_then_continue_rebuilds_the_same_simulator_state() {
    let mut s = lesson_1();
    s.goto(2);
    assert_eq!(s.stage(), Stage::Shown(2));
    let before = s.runner().sim().snapshot();
    let events_before = format!("{:?}", s.events());
    assert!(s.back());
    assert_eq!(s.stage(), Stage::Shown(1));
    assert_ne!(s.runner().sim().snapshot(), before, "step 3 changed the cluster, so going back must too");
    assert!(s.forward());
    assert_eq!(s.stage(), Stage::Shown(2));
    assert_eq!(s.runner().sim().snapshot(), before);
    assert_eq!(format!("{:?}", s.events()), events_before);
}

#[test]
fn back_walks_to_the_title_and_from_the_end_to_the_last_step() {
    let mut s = lesson_1();
    assert!(!s.back(), "nothing before the title card");
    s.forward();
    assert!(s.back());
    assert_eq!(s.stage(), Stage::Title);
    assert_eq!(s.runner().report().steps.len(), 0);
    let last = s.total() - 1;
    s.goto(last);
    s.forward();
    assert_eq!(s.stage(), Stage::End);
    assert!(s.back());
    assert_eq!(s.stage(), Stage::Shown(last));
}

#[test]
fn goto_lands_on_the_step_or_its_question_and_clamps() {
    let mut s = lesson_1();
    s.goto(2);
    assert_eq!(s.stage(), Stage::Shown(2));
    assert_eq!(s.runner().report().steps.len(), 3);
    let q = first_predict(&s);
    s.goto(q);
    assert_eq!(s.stage(), Stage::Asking(q));
    assert_eq!(s.runner().report().steps.len(), q);
    s.goto(usize::MAX);
    assert_eq!(s.stage(), Stage::Shown(s.total() - 1));
}

#[test]
fn a_refused_action_stops_the_lesson_at_that_step() {
    let text = r#"
id = "broken-run"
chapter = 1
title = { en = "t", ko = "t" }
summary = { en = "s", ko = "s" }
seed = 1
[cluster]
brokers = 1
[[cluster.topics]]
name = "orders"
partitions = 1
replication_factor = 1
[[step]]
say = { en = "one", ko = "하나" }
do = ["run 1s", "wait_until orders-0.hw == 5 within 1s"]
[[step]]
say = { en = "two", ko = "둘" }
do = ["run 1s"]
"#;
    let lesson = parse(text, "broken.toml").expect("parses");
    let mut s = Session::new(lesson).unwrap();
    s.forward();
    assert_eq!(s.stage(), Stage::Shown(0));
    assert!(s.report(0).unwrap().error.is_some());
    assert!(s.forward());
    assert_eq!(s.stage(), Stage::End, "nothing runs after a failed step");
    s.goto(1);
    assert_eq!(s.stage(), Stage::Shown(0), "goto stops at the failed step");
}
