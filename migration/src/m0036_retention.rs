//! The retention schedule (`domain::retention`): when each case ended, when its personal
//! data was erased, and a legal hold that keeps it; when a customer's own details were
//! erased; and the timeline's one permitted change.
//!
//! The timeline stays permanent but for erasure: an entry may be changed once, to set
//! `erased_at` and rewrite its details, keeping its case, time, kind and who saw it. Any
//! other change, and every delete, is still refused by the database.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            date_null(Cases::EndedOn),
            timestamp_with_time_zone_null(Cases::ErasedAt),
            text_null(Cases::HeldReason),
            integer_null(Cases::HeldBy),
            timestamp_with_time_zone_null(Cases::HeldAt),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Cases::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("cases_by_retention")
                    .table(Cases::Table)
                    .col(Cases::ErasedAt)
                    .col(Cases::EndedOn)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Customers::Table)
                    .add_column(timestamp_with_time_zone_null(Customers::ErasedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Timeline::Table)
                    .add_column(timestamp_with_time_zone_null(Timeline::ErasedAt))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let statements: &[&str] = match manager.get_database_backend() {
            DatabaseBackend::Sqlite => &["DROP TRIGGER timeline_no_update; \
                 CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline \
                 WHEN NOT (OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL \
                 AND NEW.id = OLD.id AND NEW.case_id = OLD.case_id AND NEW.at = OLD.at \
                 AND NEW.kind = OLD.kind AND NEW.customer_visible = OLD.customer_visible) \
                 BEGIN SELECT RAISE(ABORT, 'timeline entries are permanent'); END"],
            _ => &[
                "CREATE OR REPLACE FUNCTION timeline_is_permanent() RETURNS trigger \
                 LANGUAGE plpgsql AS $$ BEGIN \
                 IF TG_OP = 'UPDATE' AND OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL \
                 AND NEW.id = OLD.id AND NEW.case_id = OLD.case_id AND NEW.at = OLD.at \
                 AND NEW.kind = OLD.kind AND NEW.customer_visible = OLD.customer_visible \
                 THEN RETURN NEW; END IF; \
                 RAISE EXCEPTION 'timeline entries are permanent'; END $$",
            ],
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let statements: &[&str] = match manager.get_database_backend() {
            DatabaseBackend::Sqlite => &["DROP TRIGGER timeline_no_update; \
                 CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline \
                 BEGIN SELECT RAISE(ABORT, 'timeline entries are permanent'); END"],
            _ => &[
                "CREATE OR REPLACE FUNCTION timeline_is_permanent() RETURNS trigger \
                 LANGUAGE plpgsql AS \
                 $$ BEGIN RAISE EXCEPTION 'timeline entries are permanent'; END $$",
            ],
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Timeline::Table)
                    .drop_column(Timeline::ErasedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Customers::Table)
                    .drop_column(Customers::ErasedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("cases_by_retention")
                    .table(Cases::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            Cases::HeldAt,
            Cases::HeldBy,
            Cases::HeldReason,
            Cases::ErasedAt,
            Cases::EndedOn,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Cases::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    EndedOn,
    ErasedAt,
    HeldReason,
    HeldBy,
    HeldAt,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    ErasedAt,
}

#[derive(DeriveIden)]
enum Timeline {
    Table,
    ErasedAt,
}
