//! `dehcp demo`: a synthetic example case, run through the statutory clock.
//!
//! Everything here is invented for demonstration. There is no child: only dates.

use dehcp_domain::clock::{Anchor, CaseFacts, StatutoryClock};
use dehcp_domain::date::parse_iso_date;
use dehcp_domain::{AssessmentCatalogue, ProvisionCatalogue, Sen2Catalogue};

use crate::exit::Failure;

pub(crate) fn run() -> Result<(), Failure> {
    let date = |text: &str| parse_iso_date(text).map_err(Failure::internal);
    let today = date("2026-04-20")?;
    outln!("dehcp demo — SYNTHETIC example case (no real person; dates only)\n");
    outln!("A request for an EHC needs assessment arrived on 5 January 2026.");
    outln!("The council decided to assess on 9 February and asked for advice on 11 February.");
    outln!("Today, for the demo, is {today}.\n");
    let facts = CaseFacts::builder()
        .event(Anchor::RequestReceived, date("2026-01-05")?)
        .event(Anchor::DecisionNotified, date("2026-02-09")?)
        .decided_to_assess(true)
        .event(Anchor::AdviceRequested, date("2026-02-11")?)
        .build()
        .map_err(Failure::internal)?;
    let clock = StatutoryClock::builtin().map_err(Failure::internal)?;
    let timeline = clock.timeline(&facts, today).map_err(Failure::internal)?;
    out!("{}", super::timeline::render_text(&timeline, today));

    let needs = Sen2Catalogue::builtin().map_err(Failure::internal)?;
    let assessment = AssessmentCatalogue::builtin().map_err(Failure::internal)?;
    let provision = ProvisionCatalogue::builtin().map_err(Failure::internal)?;
    outln!(
        "\nReference data loaded: {} SEN2 need types, {} needs assessment items, {} provision elements.",
        needs.needs().len(),
        assessment.items().len(),
        provision.elements().len()
    );
    outln!("Try: dehcp timeline --received 2026-01-05 --json");
    outln!("     dehcp reference assessment");
    Ok(())
}
