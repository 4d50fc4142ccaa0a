use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub created_at: DateTimeUtc,
    pub case_id: Option<i32>,
    pub to_user_id: Option<i32>,
    pub to_email: Option<String>,
    pub to_name: Option<String>,
    pub subject: String,
    pub body: String,
    #[sea_orm(unique)]
    pub dedupe_key: String,
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    /// A webhook delivery: the webhook it is for (the subject is the event, the body its
    /// JSON).
    pub webhook_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
