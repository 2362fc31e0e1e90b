//! Split screen from a lesson: every step that offers `compare` yields two runs of the lesson's
//! own script whose facts differ, computed by the simulators, not written in the lesson.
#![cfg(not(target_arch = "wasm32"))]

use kafka_playground::lesson::{files, Runner};
use kafka_playground::player::split::{compare, replay_by_time, Comparison, SideCounts};
use std::path::Path;

#[test]
fn lesson_comparisons_differ_where_the_lesson_says_the_setting_matters() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let mut offered = 0;
    for (path, parsed) in files::load_dir(&dir).unwrap() {
        let lesson = parsed.unwrap_or_else(|e| panic!("{e}"));
        let mut runner = Runner::new(lesson.clone()).unwrap();
        for (i, step) in lesson.steps.iter().enumerate() {
            runner.run_step();
            let Some(code) = &step.compare else { continue };
            offered += 1;
            let cmp = Comparison::parse(code).unwrap();
            let sim = runner.sim();
            let side = |left: bool| replay_by_time(cmp.config(sim.initial_config(), left).unwrap(), sim.seed(), sim.actions(), sim.now()).unwrap();
            let ((l, refused_l), (r, _)) = (side(true), side(false));
            assert_eq!(refused_l, 0, "{}: step {}: the lesson's own setting refuses none of its actions", path.display(), i + 1);
            let rows = compare(&l, &SideCounts::default(), &r, &SideCounts::default());
            assert!(rows.iter().any(|r| r.differs()), "{}: step {}: {code} changes nothing", path.display(), i + 1);
            if code == "acks" {
                let lost = rows.iter().find(|r| r.what == "acknowledged but lost").unwrap();
                assert_eq!(lost.left, sim.ledger_summary().acknowledged_lost.to_string(), "the left side is the lesson's own run");
                assert!(lost.left != "0" && lost.right == "0", "acks=1 loses acknowledged records, acks=all none: {lost:?}");
            }
        }
    }
    assert!(offered >= 1, "at least one lesson step offers a split screen");
}
