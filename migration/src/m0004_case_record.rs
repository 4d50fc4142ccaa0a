//! The whole case record: what the form asked, the kind, channel and policy, the customer,
//! the lifecycle state with a version for optimistic concurrency, each stage's dates kept
//! separately, extensions, the points answered and the remedies offered, representatives,
//! attachments, letters, and the append-only timeline.
//!
//! `cases.state` holds the domain's own serialised [`Case`] (the authority for what may
//! happen next); every fact a query or report needs is also written to columns and child
//! tables in the same transaction. NULL `state` (cases recorded before this migration)
//! means "as received".
//!
//! The timeline refuses UPDATE and DELETE in the database itself, by trigger, on both
//! SQLite and PostgreSQL.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

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

fn index(name: &str, table: impl IntoIden, cols: &[Alias]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(col.clone());
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// All or nothing, on SQLite too.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // SQLite adds one column per ALTER; foreign-key columns are written as plain SQL,
        // which both databases accept.
        let columns = [
            string_len(Cases::Kind, 20).default("complaint").to_owned(),
            string_len(Cases::Channel, 20)
                .default("online_form")
                .to_owned(),
            string_len_null(Cases::PolicyId, 40).to_owned(),
            string_len(Cases::Phase, 30).default("received").to_owned(),
            string_len_null(Cases::LegacyReference, 100).to_owned(),
            text_null(Cases::State).to_owned(),
            integer(Cases::Version).default(1).to_owned(),
            timestamp_with_time_zone_null(Cases::UpdatedAt).to_owned(),
            boolean(Cases::TrackingRevoked).default(false).to_owned(),
            date_null(Cases::WhenHappened).to_owned(),
            date_null(Cases::BecameAware).to_owned(),
            boolean_null(Cases::ReportedBefore).to_owned(),
            text_null(Cases::WhatWasSaid).to_owned(),
            text_null(Cases::OutcomesSought).to_owned(),
            text_null(Cases::CostsDescription).to_owned(),
            big_integer_null(Cases::CostsPence).to_owned(),
            text_null(Cases::ComplimentAbout).to_owned(),
            date_null(Cases::NextDue).to_owned(),
        ];
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Cases::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        for (column, target) in [
            ("customer_id", "customers"),
            ("handler_id", "users"),
            ("reviewer_id", "users"),
            ("linked_case_id", "cases"),
        ] {
            db.execute_unprepared(&format!(
                "ALTER TABLE cases ADD COLUMN {column} INTEGER REFERENCES {target} (id)"
            ))
            .await?;
        }
        for (name, cols) in [
            ("cases_by_customer", &["customer_id"][..]),
            ("cases_by_handler", &["handler_id"]),
            ("cases_by_reviewer", &["reviewer_id"]),
            ("cases_by_next_due", &["phase", "next_due"]),
            ("cases_by_received", &["received_at"]),
        ] {
            let cols: Vec<Alias> = cols.iter().map(|c| Alias::new(*c)).collect();
            manager
                .create_index(index(name, Cases::Table, &cols))
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("cases_legacy_reference_unique")
                    .table(Cases::Table)
                    .col(Cases::LegacyReference)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CaseStages::Table)
                    .if_not_exists()
                    .col(integer(CaseStages::CaseId))
                    .col(small_integer(CaseStages::Stage))
                    .col(date(CaseStages::ArrivedOn))
                    .col(date(CaseStages::Day0))
                    .col(integer_null(CaseStages::OwnerId))
                    .col(date_null(CaseStages::ContactedOn))
                    .col(date_null(CaseStages::AcknowledgedOn))
                    .col(date_null(CaseStages::ExtendedTo))
                    .col(text_null(CaseStages::ExtensionReason))
                    .col(integer_null(CaseStages::ExtensionApprovedBy))
                    .col(date_null(CaseStages::RespondedOn))
                    .col(string_len_null(CaseStages::Outcome, 20))
                    .col(text_null(CaseStages::Learning))
                    .col(date_null(CaseStages::ClosedOn))
                    .primary_key(
                        Index::create()
                            .col(CaseStages::CaseId)
                            .col(CaseStages::Stage),
                    )
                    .foreign_key(&mut fk(
                        "case_stages_case",
                        (CaseStages::Table, CaseStages::CaseId),
                        (Cases::Table, Cases::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "case_stages_owner",
                        (CaseStages::Table, CaseStages::OwnerId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "case_stages_approver",
                        (CaseStages::Table, CaseStages::ExtensionApprovedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("case_stages_by_day0", "day0"),
            ("case_stages_by_responded", "responded_on"),
        ] {
            manager
                .create_index(index(name, CaseStages::Table, &[Alias::new(col)]))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(CaseExtensions::Table)
                    .if_not_exists()
                    .col(pk_auto(CaseExtensions::Id))
                    .col(integer(CaseExtensions::CaseId))
                    .col(small_integer(CaseExtensions::Stage))
                    .col(small_integer(CaseExtensions::Seq))
                    .col(date(CaseExtensions::MadeOn))
                    .col(date(CaseExtensions::ExtendedTo))
                    .col(text(CaseExtensions::Reason))
                    .col(integer_null(CaseExtensions::ApprovedBy))
                    .foreign_key(&mut fk(
                        "case_extensions_case",
                        (CaseExtensions::Table, CaseExtensions::CaseId),
                        (Cases::Table, Cases::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "case_extensions_approver",
                        (CaseExtensions::Table, CaseExtensions::ApprovedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "case_extensions_by_case",
                CaseExtensions::Table,
                &[Alias::new("case_id")],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CasePoints::Table)
                    .if_not_exists()
                    .col(pk_auto(CasePoints::Id))
                    .col(integer(CasePoints::CaseId))
                    .col(small_integer(CasePoints::Stage))
                    .col(small_integer(CasePoints::Seq))
                    .col(text(CasePoints::Point))
                    .col(text(CasePoints::Finding))
                    .col(string_len(CasePoints::Outcome, 20))
                    .foreign_key(&mut fk(
                        "case_points_case",
                        (CasePoints::Table, CasePoints::CaseId),
                        (Cases::Table, Cases::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "case_points_by_case",
                CasePoints::Table,
                &[Alias::new("case_id")],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CaseRemedies::Table)
                    .if_not_exists()
                    .col(pk_auto(CaseRemedies::Id))
                    .col(integer(CaseRemedies::CaseId))
                    .col(small_integer(CaseRemedies::Seq))
                    .col(string_len(CaseRemedies::Kind, 30))
                    .col(text_null(CaseRemedies::Description))
                    .col(big_integer_null(CaseRemedies::AmountPence))
                    .col(date_null(CaseRemedies::DueOn))
                    .col(integer_null(CaseRemedies::OwnerId))
                    .col(string_len(CaseRemedies::State, 30))
                    .col(date_null(CaseRemedies::StateOn))
                    .col(text_null(CaseRemedies::StateReason))
                    .foreign_key(&mut fk(
                        "case_remedies_case",
                        (CaseRemedies::Table, CaseRemedies::CaseId),
                        (Cases::Table, Cases::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "case_remedies_owner",
                        (CaseRemedies::Table, CaseRemedies::OwnerId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "case_remedies_by_case",
                CaseRemedies::Table,
                &[Alias::new("case_id")],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Representatives::Table)
                    .if_not_exists()
                    .col(pk_auto(Representatives::Id))
                    .col(integer(Representatives::CaseId))
                    .col(integer_null(Representatives::UserId))
                    .col(string_len(Representatives::Name, 200))
                    .col(text_null(Representatives::Relationship))
                    .col(text_null(Representatives::Contact))
                    .col(string_len(Representatives::Authority, 30))
                    .col(timestamp_with_time_zone(Representatives::NamedAt))
                    .col(integer_null(Representatives::ConfirmedBy))
                    .col(timestamp_with_time_zone_null(Representatives::ConfirmedAt))
                    .foreign_key(&mut fk(
                        "representatives_case",
                        (Representatives::Table, Representatives::CaseId),
                        (Cases::Table, Cases::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "representatives_user",
                        (Representatives::Table, Representatives::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "representatives_confirmed_by",
                        (Representatives::Table, Representatives::ConfirmedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("representatives_by_case", "case_id"),
            ("representatives_by_user", "user_id"),
        ] {
            manager
                .create_index(index(name, Representatives::Table, &[Alias::new(col)]))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Attachments::Table)
                    .if_not_exists()
                    .col(pk_auto(Attachments::Id))
                    .col(integer(Attachments::CaseId))
                    .col(string_len(Attachments::FileName, 255))
                    .col(string_len(Attachments::ContentType, 100))
                    .col(big_integer(Attachments::SizeBytes))
                    .col(string_len(Attachments::Sha256, 64))
                    .col(string_len_uniq(Attachments::StorageKey, 200))
                    .col(boolean(Attachments::Shareable).default(false))
                    .col(integer_null(Attachments::UploadedBy))
                    .col(timestamp_with_time_zone(Attachments::UploadedAt))
                    .foreign_key(&mut fk(
                        "attachments_case",
                        (Attachments::Table, Attachments::CaseId),
                        (Cases::Table, Cases::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "attachments_uploaded_by",
                        (Attachments::Table, Attachments::UploadedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "attachments_by_case",
                Attachments::Table,
                &[Alias::new("case_id")],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Letters::Table)
                    .if_not_exists()
                    .col(pk_auto(Letters::Id))
                    .col(integer(Letters::CaseId))
                    .col(string_len(Letters::Kind, 40))
                    .col(small_integer_null(Letters::Stage))
                    .col(timestamp_with_time_zone(Letters::CreatedAt))
                    .col(integer_null(Letters::CreatedBy))
                    .col(text(Letters::Subject))
                    .col(text(Letters::Body))
                    .col(boolean(Letters::LargePrint).default(false))
                    .foreign_key(&mut fk(
                        "letters_case",
                        (Letters::Table, Letters::CaseId),
                        (Cases::Table, Cases::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "letters_created_by",
                        (Letters::Table, Letters::CreatedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "letters_by_case",
                Letters::Table,
                &[Alias::new("case_id")],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Timeline::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Timeline::Id))
                    .col(integer(Timeline::CaseId))
                    .col(timestamp_with_time_zone(Timeline::At))
                    // Who, as they were then: the account may later change or go.
                    .col(integer_null(Timeline::ActorId))
                    .col(string_len_null(Timeline::ActorRole, 32))
                    .col(string_len_null(Timeline::ActorName, 200))
                    .col(string_len(Timeline::Kind, 40))
                    .col(text(Timeline::Details))
                    .col(boolean(Timeline::CustomerVisible).default(false))
                    .foreign_key(&mut fk(
                        "timeline_case",
                        (Timeline::Table, Timeline::CaseId),
                        (Cases::Table, Cases::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "timeline_by_case",
                Timeline::Table,
                &[Alias::new("case_id"), Alias::new("id")],
            ))
            .await?;
        let statements: &[&str] = match manager.get_database_backend() {
            DatabaseBackend::Sqlite => &[
                "CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline \
                 BEGIN SELECT RAISE(ABORT, 'timeline entries are permanent'); END",
                "CREATE TRIGGER timeline_no_delete BEFORE DELETE ON timeline \
                 BEGIN SELECT RAISE(ABORT, 'timeline entries are permanent'); END",
            ],
            _ => &[
                "CREATE FUNCTION timeline_is_permanent() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN RAISE EXCEPTION 'timeline entries are permanent'; END $$",
                "CREATE TRIGGER timeline_no_change BEFORE UPDATE OR DELETE ON timeline \
                 FOR EACH ROW EXECUTE FUNCTION timeline_is_permanent()",
                "CREATE TRIGGER timeline_no_truncate BEFORE TRUNCATE ON timeline \
                 FOR EACH STATEMENT EXECUTE FUNCTION timeline_is_permanent()",
            ],
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in [
            Timeline::Table.into_iden(),
            Letters::Table.into_iden(),
            Attachments::Table.into_iden(),
            Representatives::Table.into_iden(),
            CaseRemedies::Table.into_iden(),
            CasePoints::Table.into_iden(),
            CaseExtensions::Table.into_iden(),
            CaseStages::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("DROP FUNCTION IF EXISTS timeline_is_permanent()")
                .await?;
        }
        for name in [
            "cases_by_customer",
            "cases_by_handler",
            "cases_by_reviewer",
            "cases_by_next_due",
            "cases_by_received",
            "cases_legacy_reference_unique",
        ] {
            manager
                .drop_index(Index::drop().name(name).table(Cases::Table).to_owned())
                .await?;
        }
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            // SQLite cannot drop a column that holds a foreign key: rebuild the table as
            // the first migration left it.
            for statement in [
                "CREATE TABLE cases_before (id INTEGER PRIMARY KEY AUTOINCREMENT, \
                 reference_year SMALLINT NOT NULL, reference_number INTEGER NOT NULL, \
                 received_at TIMESTAMP_WITH_TIMEZONE_TEXT NOT NULL, description TEXT NOT NULL, \
                 tracking_token VARCHAR(64) NOT NULL UNIQUE)",
                "INSERT INTO cases_before (id, reference_year, reference_number, received_at, \
                 description, tracking_token) SELECT id, reference_year, reference_number, \
                 received_at, description, tracking_token FROM cases",
                "DROP TABLE cases",
                "ALTER TABLE cases_before RENAME TO cases",
                "CREATE UNIQUE INDEX cases_reference_unique ON cases \
                 (reference_year, reference_number)",
            ] {
                db.execute_unprepared(statement).await?;
            }
            return Ok(());
        }
        for column in [
            "customer_id",
            "handler_id",
            "reviewer_id",
            "linked_case_id",
            "kind",
            "channel",
            "policy_id",
            "phase",
            "legacy_reference",
            "state",
            "version",
            "updated_at",
            "tracking_revoked",
            "when_happened",
            "became_aware",
            "reported_before",
            "what_was_said",
            "outcomes_sought",
            "costs_description",
            "costs_pence",
            "compliment_about",
            "next_due",
        ] {
            db.execute_unprepared(&format!("ALTER TABLE cases DROP COLUMN {column}"))
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
    Kind,
    Channel,
    PolicyId,
    Phase,
    LegacyReference,
    State,
    Version,
    UpdatedAt,
    TrackingRevoked,
    WhenHappened,
    BecameAware,
    ReportedBefore,
    WhatWasSaid,
    OutcomesSought,
    CostsDescription,
    CostsPence,
    ComplimentAbout,
    NextDue,
}

#[derive(DeriveIden)]
enum CaseStages {
    Table,
    CaseId,
    Stage,
    ArrivedOn,
    Day0,
    OwnerId,
    ContactedOn,
    AcknowledgedOn,
    ExtendedTo,
    ExtensionReason,
    ExtensionApprovedBy,
    RespondedOn,
    Outcome,
    Learning,
    ClosedOn,
}

#[derive(DeriveIden)]
enum CaseExtensions {
    Table,
    Id,
    CaseId,
    Stage,
    Seq,
    MadeOn,
    ExtendedTo,
    Reason,
    ApprovedBy,
}

#[derive(DeriveIden)]
enum CasePoints {
    Table,
    Id,
    CaseId,
    Stage,
    Seq,
    Point,
    Finding,
    Outcome,
}

#[derive(DeriveIden)]
enum CaseRemedies {
    Table,
    Id,
    CaseId,
    Seq,
    Kind,
    Description,
    AmountPence,
    DueOn,
    OwnerId,
    State,
    StateOn,
    StateReason,
}

#[derive(DeriveIden)]
enum Representatives {
    Table,
    Id,
    CaseId,
    UserId,
    Name,
    Relationship,
    Contact,
    Authority,
    NamedAt,
    ConfirmedBy,
    ConfirmedAt,
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Id,
    CaseId,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    StorageKey,
    Shareable,
    UploadedBy,
    UploadedAt,
}

#[derive(DeriveIden)]
enum Letters {
    Table,
    Id,
    CaseId,
    Kind,
    Stage,
    CreatedAt,
    CreatedBy,
    Subject,
    Body,
    LargePrint,
}

#[derive(DeriveIden)]
enum Timeline {
    Table,
    Id,
    CaseId,
    At,
    ActorId,
    ActorRole,
    ActorName,
    Kind,
    Details,
    CustomerVisible,
}
