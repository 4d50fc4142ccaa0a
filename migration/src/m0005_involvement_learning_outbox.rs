//! Involved-customer invitations and their independent views; learning categories and
//! improvement actions; and the outbox every message to a customer or colleague is written
//! to, in the same transaction as the change that causes it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// All or nothing, on SQLite too.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Invitations::Table)
                    .if_not_exists()
                    .col(pk_auto(Invitations::Id))
                    .col(integer(Invitations::CaseId))
                    .col(integer(Invitations::MemberId))
                    .col(integer_null(Invitations::InvitedBy))
                    .col(timestamp_with_time_zone(Invitations::InvitedAt))
                    // invited, accepted, declined, withdrawn, view_given
                    .col(string_len(Invitations::State, 20))
                    .col(timestamp_with_time_zone_null(Invitations::AnsweredAt))
                    .foreign_key(&mut fk(
                        "invitations_case",
                        (Invitations::Table, Invitations::CaseId),
                        (Cases::Table, Cases::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "invitations_member",
                        (Invitations::Table, Invitations::MemberId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "invitations_invited_by",
                        (Invitations::Table, Invitations::InvitedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("invitations_case_member_unique")
                    .table(Invitations::Table)
                    .col(Invitations::CaseId)
                    .col(Invitations::MemberId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("invitations_by_member")
                    .table(Invitations::Table)
                    .col(Invitations::MemberId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(InvolvedViews::Table)
                    .if_not_exists()
                    .col(integer(InvolvedViews::InvitationId).primary_key())
                    // yes, partly or no, for each question the panel member answers.
                    .col(string_len(InvolvedViews::Thorough, 10))
                    .col(string_len(InvolvedViews::PointsAnswered, 10))
                    .col(string_len(InvolvedViews::EvidenceSupports, 10))
                    .col(string_len(InvolvedViews::RemedyRight, 10))
                    .col(text(InvolvedViews::Comments))
                    .col(timestamp_with_time_zone(InvolvedViews::GivenAt))
                    .foreign_key(&mut fk(
                        "involved_views_invitation",
                        (InvolvedViews::Table, InvolvedViews::InvitationId),
                        (Invitations::Table, Invitations::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LearningCategories::Table)
                    .if_not_exists()
                    .col(pk_auto(LearningCategories::Id))
                    .col(string_len_uniq(LearningCategories::Name, 100))
                    .col(text_null(LearningCategories::Description))
                    .col(boolean(LearningCategories::Active).default(true))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CaseLearning::Table)
                    .if_not_exists()
                    .col(integer(CaseLearning::CaseId))
                    .col(integer(CaseLearning::CategoryId))
                    .primary_key(
                        Index::create()
                            .col(CaseLearning::CaseId)
                            .col(CaseLearning::CategoryId),
                    )
                    .foreign_key(&mut fk(
                        "case_learning_case",
                        (CaseLearning::Table, CaseLearning::CaseId),
                        (Cases::Table, Cases::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "case_learning_category",
                        (CaseLearning::Table, CaseLearning::CategoryId),
                        (LearningCategories::Table, LearningCategories::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ImprovementActions::Table)
                    .if_not_exists()
                    .col(pk_auto(ImprovementActions::Id))
                    .col(integer_null(ImprovementActions::CategoryId))
                    .col(integer_null(ImprovementActions::CaseId))
                    .col(text(ImprovementActions::Description))
                    .col(integer_null(ImprovementActions::OwnerId))
                    .col(date(ImprovementActions::DueOn))
                    .col(date_null(ImprovementActions::CompletedOn))
                    .col(timestamp_with_time_zone(ImprovementActions::CreatedAt))
                    .foreign_key(&mut fk(
                        "improvement_actions_category",
                        (ImprovementActions::Table, ImprovementActions::CategoryId),
                        (LearningCategories::Table, LearningCategories::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "improvement_actions_case",
                        (ImprovementActions::Table, ImprovementActions::CaseId),
                        (Cases::Table, Cases::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "improvement_actions_owner",
                        (ImprovementActions::Table, ImprovementActions::OwnerId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Outbox::Id))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(integer_null(Outbox::CaseId))
                    .col(integer_null(Outbox::ToUserId))
                    .col(string_len_null(Outbox::ToEmail, 254))
                    .col(string_len_null(Outbox::ToName, 200))
                    .col(text(Outbox::Subject))
                    .col(text(Outbox::Body))
                    // What makes the message unique, so a retried change never queues it twice.
                    .col(string_len_uniq(Outbox::DedupeKey, 200))
                    // pending, sent, failed, held (no way to send: read it on the outbox page)
                    .col(string_len(Outbox::State, 20))
                    .col(integer(Outbox::Attempts).default(0))
                    .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .col(text_null(Outbox::LastError))
                    .foreign_key(&mut fk(
                        "outbox_case",
                        (Outbox::Table, Outbox::CaseId),
                        (Cases::Table, Cases::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "outbox_user",
                        (Outbox::Table, Outbox::ToUserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("outbox_due")
                    .table(Outbox::Table)
                    .col(Outbox::State)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Outbox::Table.into_iden(),
            ImprovementActions::Table.into_iden(),
            CaseLearning::Table.into_iden(),
            LearningCategories::Table.into_iden(),
            InvolvedViews::Table.into_iden(),
            Invitations::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    CaseId,
    MemberId,
    InvitedBy,
    InvitedAt,
    State,
    AnsweredAt,
}

#[derive(DeriveIden)]
enum InvolvedViews {
    Table,
    InvitationId,
    Thorough,
    PointsAnswered,
    EvidenceSupports,
    RemedyRight,
    Comments,
    GivenAt,
}

#[derive(DeriveIden)]
enum LearningCategories {
    Table,
    Id,
    Name,
    Description,
    Active,
}

#[derive(DeriveIden)]
enum CaseLearning {
    Table,
    CaseId,
    CategoryId,
}

#[derive(DeriveIden)]
enum ImprovementActions {
    Table,
    Id,
    CategoryId,
    CaseId,
    Description,
    OwnerId,
    DueOn,
    CompletedOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    CreatedAt,
    CaseId,
    ToUserId,
    ToEmail,
    ToName,
    Subject,
    Body,
    DedupeKey,
    State,
    Attempts,
    NextAttemptAt,
    SentAt,
    LastError,
}
