use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// What kind of task ("import").
    pub kind: String,
    pub started_by: i32,
    pub file_name: String,
    pub dry_run: bool,
    pub bytes_total: i64,
    /// Where it has got to, as JSON: the caller's own type.
    pub state: String,
    pub running: bool,
    pub started_at: DateTimeUtc,
    /// Written while it runs: a running job whose heartbeat stopped lost its server.
    pub heartbeat_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
