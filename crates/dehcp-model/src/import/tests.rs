//! Tests of historic case import. Every row here is synthetic, written for these tests.

use super::*;
use crate::population::Generator;
use time::Month;

fn reference() -> Date {
    Date::from_calendar_date(2026, Month::January, 15).unwrap()
}

fn header() -> String {
    columns()[..columns().len() - 1].join(",")
}

/// A valid synthetic row: the case reference, then the rest.
fn row(case_ref: &str) -> String {
    let scores = "0,0,0,0,0,0,3,0,0,2,2,0,1,1,1,2,1,1,0,0";
    format!(
        "{case_ref},2017-04,{scores},ASD,SLCN;SEMH,1,1,1,1,1,1,1,1,1,1,0,0,0,communication;social_emotional,plan"
    )
}

#[test]
fn a_valid_file_imports_every_row() {
    let text = format!("{}\n{}\n{}\n", header(), row("T-1"), row("T-2"));
    let cases = import_csv(&text, reference()).unwrap();
    assert_eq!(cases.len(), 2);
    let case = &cases[0];
    assert_eq!(case.case_ref, "T-1");
    assert_eq!(case.age_band, AgeBand::FiveToTen);
    assert_eq!(case.scores.get(MetricId::Asd), 3);
    assert_eq!(case.primary_need, Some(Sen2Need::Asd));
    assert_eq!(case.secondary_needs, [Sen2Need::Semh, Sen2Need::Slcn]);
    assert_eq!(case.provision_elements().len(), 10);
    assert_eq!(
        case.outcomes,
        [OutcomeTheme::Communication, OutcomeTheme::SocialEmotional]
    );
    assert!(!case.synthetic);
}

#[test]
fn a_bad_row_is_reported_with_its_line_and_nothing_is_imported() {
    let bad = row("T-2").replace(",3,0,0,2,2,", ",7,0,0,2,2,");
    let text = format!("{}\n{}\n{}\n{}\n", header(), row("T-1"), bad, row("T-3"));
    let Err(ImportError::Invalid(errors)) = import_csv(&text, reference()) else {
        panic!("the file should be refused");
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, 3);
    assert_eq!(errors[0].column.as_deref(), Some("asd"));
    assert_eq!(
        errors[0].to_string(),
        "line 3, asd: expected a whole number 0 to 3, found '7'"
    );
}

#[test]
fn every_problem_in_every_row_is_collected() {
    let many = row("T-2")
        .replace("2017-04", "2017-13")
        .replace(",ASD,", ",ADHD,")
        .replace(",plan", ",maybe");
    let short = "T-4,2017-04,1,2";
    let text = format!(
        "{}\n{}\n{many}\n{}\n{short}\n{}\n",
        header(),
        row("T-1"),
        row("T-1"),
        row("T/5").replace(",SLCN;SEMH,", ",ASD,")
    );
    let Err(ImportError::Invalid(errors)) = import_csv(&text, reference()) else {
        panic!("the file should be refused");
    };
    let found: Vec<(usize, Option<&str>)> = errors
        .iter()
        .map(|e| (e.line, e.column.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (3, Some("birth")),
            (3, Some("panel_decision")),
            (3, Some("primary_need")),
            (4, Some("case_ref")),
            (5, None),
            (6, Some("secondary_needs")),
        ]
    );
    assert!(errors[3].message.contains("line 2"));
    assert!(
        !errors[3].to_string().contains("T-1"),
        "never echo a case reference"
    );
}

#[test]
fn header_problems_are_reported_on_line_one() {
    let text = format!("{},extra\n{}\n", header().replace(",SP13", ""), row("T-1"));
    let Err(ImportError::Invalid(errors)) = import_csv(&text, reference()) else {
        panic!("the file should be refused");
    };
    assert!(errors.iter().all(|e| e.line == 1));
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("unknown column 'extra'"))
    );
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("missing column(s): SP13"))
    );
    assert_eq!(import_csv("", reference()), Err(ImportError::Empty));
}

#[test]
fn a_no_plan_row_may_leave_the_primary_need_empty_but_a_plan_may_not() {
    let no_plan = row("T-1")
        .replace(",ASD,SLCN;SEMH,", ",,,")
        .replace(",plan", ",no_plan");
    let cases = import_csv(&format!("{}\n{no_plan}\n", header()), reference()).unwrap();
    assert_eq!(cases[0].primary_need, None);
    let plan = row("T-1").replace(",ASD,SLCN;SEMH,", ",,,");
    let Err(ImportError::Invalid(errors)) =
        import_csv(&format!("{}\n{plan}\n", header()), reference())
    else {
        panic!("a plan without a primary need should be refused");
    };
    assert_eq!(errors[0].column.as_deref(), Some("primary_need"));
}

#[test]
fn someone_over_25_on_the_reference_date_is_an_error() {
    let old = row("T-1").replace("2017-04", "1990-01");
    let Err(ImportError::Invalid(errors)) =
        import_csv(&format!("{}\n{old}\n", header()), reference())
    else {
        panic!("should be refused");
    };
    assert!(errors[0].message.contains("over 25"), "{}", errors[0]);
}

#[test]
fn a_generated_population_exports_and_imports_unchanged_and_keeps_its_synthetic_label() {
    let population = Generator::builtin()
        .unwrap()
        .generate(200, 3, reference())
        .unwrap();
    let text = export_csv(&population.cases);
    let back = import_csv(&text, reference()).unwrap();
    assert_eq!(back, population.cases);
    assert!(back.iter().all(|c| c.synthetic));
    assert_eq!(
        training_data_hash(&back),
        training_data_hash(&population.cases)
    );
    assert_ne!(
        training_data_hash(&back[1..]),
        training_data_hash(&population.cases)
    );
    assert_eq!(training_data_hash(&[]).len(), 64);
}

proptest::proptest! {
    #[test]
    fn import_never_panics_on_any_text(text in "\\PC{0,400}") {
        let _ = import_csv(&text, reference());
    }

    #[test]
    fn import_never_panics_on_a_valid_header_with_any_rows(body in "[-a-zA-Z0-9,;\"\n_]{0,300}") {
        let _ = import_csv(&format!("{}\n{body}", header()), reference());
    }
}
