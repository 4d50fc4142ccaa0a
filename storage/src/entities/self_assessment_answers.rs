use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "self_assessment_answers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i16,
    /// "5.1".
    #[sea_orm(primary_key, auto_increment = false)]
    pub provision: String,
    /// `None` only for a provision frozen at approval with nothing to judge it by.
    pub complies: Option<bool>,
    pub evidence: String,
    pub commentary: String,
    /// `edited` (the complaints manager's answer) or `records` (filled in from the
    /// records and frozen at approval).
    pub source: String,
    pub answered_by_name: String,
    pub answered_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
