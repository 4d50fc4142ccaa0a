use sea_orm::entity::prelude::*;

/// One thing that happened to an improvement action.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "improvement_action_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub action_id: i32,
    pub at: DateTimeUtc,
    /// The member of staff; `None` when their account is gone.
    pub by: Option<i32>,
    /// [`domain::learning::lists::ActionEvent`]'s code.
    pub event: String,
    /// What changed, in words ("Owner: Mo Manager to Olive Officer").
    pub detail: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
