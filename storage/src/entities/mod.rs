//! sea-orm entities: rows as the database holds them. They never leave this crate.

pub mod adjustment_actions;
pub mod api_calls;
pub mod api_clients;
pub mod api_idempotency_keys;
pub mod attachments;
pub mod bank_holiday_years;
pub mod bank_holidays;
pub mod calendar_changes;
pub mod call_tasks;
pub mod case_extensions;
pub mod case_learning;
pub mod case_points;
pub mod case_remedies;
pub mod case_stages;
pub mod case_views;
pub mod cases;
pub mod closure_days;
pub mod continuity_periods;
pub mod customer_adjustments;
pub mod customer_flags;
pub mod customers;
pub mod drafts;
pub mod file_blobs;
pub mod file_chunks;
pub mod files_in_flight;
pub mod housing_stock;
pub mod improvement_action_events;
pub mod improvement_actions;
pub mod invitations;
pub mod involved_views;
pub mod jobs;
pub mod known_devices;
pub mod learning_categories;
pub mod letter_templates;
pub mod letters;
pub mod ombudsman_findings;
pub mod ombudsman_orders;
pub mod ombudsman_referrals;
pub mod outbox;
pub mod password_resets;
pub mod policy_versions;
pub mod recovery_codes;
pub mod redaction_approvals;
pub mod redaction_decisions;
pub mod reference_counters;
pub mod representatives;
pub mod self_assessment_answers;
pub mod self_assessments;
pub mod sent_drafts;
pub mod sessions;
pub mod settings;
pub mod throttle_counts;
pub mod timeline;
pub mod users;
pub mod webhooks;

/// Reads (at most) one row through every entity: a column the schema lacks, or of a type
/// the entity cannot decode, fails here rather than in a user's request.
pub(crate) async fn read_every_table(
    conn: &impl sea_orm::ConnectionTrait,
) -> Result<(), crate::StorageError> {
    use sea_orm::{EntityTrait, QuerySelect};
    adjustment_actions::Entity::find()
        .limit(1)
        .all(conn)
        .await?;
    api_idempotency_keys::Entity::find()
        .limit(1)
        .all(conn)
        .await?;
    attachments::Entity::find().limit(1).all(conn).await?;
    bank_holiday_years::Entity::find()
        .limit(1)
        .all(conn)
        .await?;
    bank_holidays::Entity::find().limit(1).all(conn).await?;
    calendar_changes::Entity::find().limit(1).all(conn).await?;
    redaction_approvals::Entity::find()
        .limit(1)
        .all(conn)
        .await?;
    redaction_decisions::Entity::find()
        .limit(1)
        .all(conn)
        .await?;
    call_tasks::Entity::find().limit(1).all(conn).await?;
    case_extensions::Entity::find().limit(1).all(conn).await?;
    case_learning::Entity::find().limit(1).all(conn).await?;
    case_points::Entity::find().limit(1).all(conn).await?;
    case_remedies::Entity::find().limit(1).all(conn).await?;
    case_stages::Entity::find().limit(1).all(conn).await?;
    cases::Entity::find().limit(1).all(conn).await?;
    closure_days::Entity::find().limit(1).all(conn).await?;
    continuity_periods::Entity::find()
        .limit(1)
        .all(conn)
        .await?;
    customer_adjustments::Entity::find()
        .limit(1)
        .all(conn)
        .await?;
    customer_flags::Entity::find().limit(1).all(conn).await?;
    customers::Entity::find().limit(1).all(conn).await?;
    drafts::Entity::find().limit(1).all(conn).await?;
    files_in_flight::Entity::find().limit(1).all(conn).await?;
    housing_stock::Entity::find().limit(1).all(conn).await?;
    improvement_actions::Entity::find()
        .limit(1)
        .all(conn)
        .await?;
    improvement_action_events::Entity::find()
        .limit(1)
        .all(conn)
        .await?;
    invitations::Entity::find().limit(1).all(conn).await?;
    involved_views::Entity::find().limit(1).all(conn).await?;
    learning_categories::Entity::find()
        .limit(1)
        .all(conn)
        .await?;
    letters::Entity::find().limit(1).all(conn).await?;
    ombudsman_findings::Entity::find()
        .limit(1)
        .all(conn)
        .await?;
    ombudsman_orders::Entity::find().limit(1).all(conn).await?;
    ombudsman_referrals::Entity::find()
        .limit(1)
        .all(conn)
        .await?;
    outbox::Entity::find().limit(1).all(conn).await?;
    self_assessments::Entity::find().limit(1).all(conn).await?;
    self_assessment_answers::Entity::find()
        .limit(1)
        .all(conn)
        .await?;
    password_resets::Entity::find().limit(1).all(conn).await?;
    policy_versions::Entity::find().limit(1).all(conn).await?;
    reference_counters::Entity::find()
        .limit(1)
        .all(conn)
        .await?;
    representatives::Entity::find().limit(1).all(conn).await?;
    sent_drafts::Entity::find().limit(1).all(conn).await?;
    sessions::Entity::find().limit(1).all(conn).await?;
    settings::Entity::find().limit(1).all(conn).await?;
    known_devices::Entity::find().limit(1).all(conn).await?;
    recovery_codes::Entity::find().limit(1).all(conn).await?;
    timeline::Entity::find().limit(1).all(conn).await?;
    users::Entity::find().limit(1).all(conn).await?;
    api_clients::Entity::find().limit(1).all(conn).await?;
    api_calls::Entity::find().limit(1).all(conn).await?;
    webhooks::Entity::find().limit(1).all(conn).await?;
    Ok(())
}
