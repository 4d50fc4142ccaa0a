use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub reference_year: i16,
    pub reference_number: i32,
    pub received_at: DateTimeUtc,
    pub description: String,
    #[sea_orm(unique)]
    pub tracking_token: String,
    pub kind: String,
    pub channel: String,
    pub policy_id: Option<String>,
    pub phase: String,
    pub legacy_reference: Option<String>,
    pub state: Option<String>,
    pub version: i32,
    pub updated_at: Option<DateTimeUtc>,
    pub tracking_revoked: bool,
    pub when_happened: Option<Date>,
    pub became_aware: Option<Date>,
    pub reported_before: Option<bool>,
    pub what_was_said: Option<String>,
    pub outcomes_sought: Option<String>,
    pub costs_description: Option<String>,
    pub costs_pence: Option<i64>,
    pub compliment_about: Option<String>,
    pub next_due: Option<Date>,
    /// The working-day calendar `next_due` was counted with.
    pub calendar_version: Option<String>,
    pub customer_id: Option<i32>,
    pub handler_id: Option<i32>,
    pub reviewer_id: Option<i32>,
    pub linked_case_id: Option<i32>,
    /// The step `next_due` is for (`contact`, `acknowledge`, `respond`).
    pub next_step: Option<String>,
    /// How pressing the case is: `domain::triage::Priority::rank`.
    pub priority: i16,
    /// How often we agreed to update the customer, in days (`domain::updates`).
    pub update_every_days: Option<i16>,
    /// When the next update is due.
    pub next_update_on: Option<Date>,
    /// The day the case ended (`domain::tracking::ended_on`): the retention schedule counts
    /// from it.
    pub ended_on: Option<Date>,
    /// When its personal data was erased under the retention schedule.
    pub erased_at: Option<DateTimeUtc>,
    /// A legal hold: why the case is kept past its date, who placed it and when.
    pub held_reason: Option<String>,
    pub held_by: Option<i32>,
    pub held_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
