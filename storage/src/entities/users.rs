use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: DateTimeUtc,
    /// Their manager, for the team views and deadline warnings.
    pub manager_id: Option<i32>,
    /// When it was disabled; `None` while it is enabled.
    pub disabled_at: Option<DateTimeUtc>,
    /// When the person showed the address is theirs (followed the link sent to it);
    /// `None` until then: such an account cannot sign in.
    pub confirmed_at: Option<DateTimeUtc>,
    /// The confirmed TOTP secret, base32 (migration m0020); `None` until set up.
    pub totp_secret: Option<String>,
    /// A secret being set up, until a code from it is typed.
    pub totp_candidate: Option<String>,
    /// The last 30-second step whose code was accepted: no code works twice.
    pub totp_last_step: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
