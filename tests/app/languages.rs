//! The interface's words: every value stored as text has its label.

/// The labels of the enums stored as text (`text_enum!` builds them, so
/// the search for `.t("...")` in `i18n` cannot see them).
#[test]
fn every_stored_enum_value_has_its_label() {
    use passerelle::{
        activities, agreements, coverage, indicators, meetings, networks, practices, referrals, standards, training,
    };
    let labels = referrals::rules::Kind::ALL
        .iter()
        .map(|v| v.label())
        .chain(referrals::rules::State::ALL.iter().map(|v| v.label()))
        .chain(referrals::rules::State::ALL.iter().map(|v| v.notice()))
        .chain(referrals::rules::Transition::ALL.iter().map(|v| v.label()))
        .chain(activities::rules::ActivityKind::ALL.iter().map(|v| v.label()))
        .chain(activities::store::Grouping::ALL.iter().map(|v| v.label()))
        .chain(coverage::rules::CoverageStatus::ALL.iter().map(|v| v.label()))
        .chain(passerelle::permissions::Mission::ALL.iter().map(|v| v.label()))
        .chain(training::rules::EnrolmentState::ALL.iter().map(|v| v.label()))
        .chain(training::rules::CostSharing::ALL.iter().map(|v| v.label()))
        .chain(training::actions::EnrolmentStep::ALL.iter().map(|v| v.label()))
        .chain(agreements::rules::AgreementStatus::ALL.iter().map(|v| v.label()))
        .chain(agreements::rules::NoticeKind::ALL.iter().map(|v| v.label()))
        .chain(agreements::rules::Outcome::ALL.iter().map(|v| v.label()))
        .chain(agreements::rules::Trend::ALL.iter().map(|v| v.label()))
        .chain(meetings::rules::MeetingKind::ALL.iter().map(|v| v.label()))
        .chain(meetings::rules::Answer::ALL.iter().map(|v| v.label()))
        .chain(meetings::rules::InvitationRule::ALL.iter().map(|v| v.label()))
        .chain(networks::rules::NetworkState::ALL.iter().map(|v| v.label()))
        .chain(indicators::rules::Measure::ALL.iter().map(|v| v.label()))
        .chain(indicators::rules::Better::ALL.iter().map(|v| v.label()))
        .chain(indicators::rules::Level::ALL.iter().map(|v| v.label()))
        .chain(indicators::rules::Interval::ALL.iter().map(|v| v.label()))
        .chain(indicators::sets::rules::SetState::ALL.iter().map(|v| v.label()))
        .chain(standards::rules::FrameworkKind::ALL.iter().map(|v| v.label()))
        .chain(standards::rules::Compliance::ALL.iter().map(|v| v.label()))
        .chain(standards::rules::Figure::ALL.iter().map(|v| v.label()))
        .chain(standards::rules::AssessmentState::ALL.iter().map(|v| v.label()))
        .chain(practices::rules::Theme::ALL.iter().map(|v| v.label()))
        .chain(practices::rules::NoteKind::ALL.iter().map(|v| v.label()));
    let missing: Vec<&str> = labels.filter(|key| !passerelle::i18n::has(key)).collect();
    assert!(missing.is_empty(), "labels missing from the catalogue: {missing:?}");
}

/// A notice is read in the language its reader reads now, not the one they
/// had when it was written.
#[tokio::test]
async fn a_notice_reads_in_the_language_chosen_since() {
    use crate::helpers::*;
    let app = TestApp::spawn().await;
    sqlx::query("UPDATE persons SET language = 'fr' WHERE email = $1")
        .bind(AUXILIA_ADMIN)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    crate::standards::fixture(&app).await;
    let reader = app.login(AUXILIA_ADMIN).await;
    let (_, inbox) = reader.get_text("/inbox").await;
    assert!(inbox.contains("Relecture demandée"), "written in French");
    let switched = reader.post("/language", &[("lang", "en"), ("next", "/inbox")]).await;
    assert_eq!(switched.status(), 303);
    let (_, inbox) = reader.get_text("/inbox").await;
    assert!(inbox.contains("Review requested: ANVP"), "read in English");
    assert!(!inbox.contains("Relecture demandée"));
}
