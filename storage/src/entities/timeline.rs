use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "timeline")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_id: i32,
    pub at: DateTimeUtc,
    pub actor_id: Option<i32>,
    pub actor_role: Option<String>,
    pub actor_name: Option<String>,
    pub kind: String,
    pub details: String,
    pub customer_visible: bool,
    /// When its free text was erased under the retention schedule: the one change the
    /// database allows an entry.
    pub erased_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
