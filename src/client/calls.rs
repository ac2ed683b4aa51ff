//! The client's calls as async Rust methods over any [`Transport`]: each
//! plans its run and hands it to the one driver.

use super::{Applied, BatchHooks, Client, Synced};
use crate::batch::RawItem;
use crate::config::{ApiVersion, Limits};
use crate::driver::{drive, Transport};
use crate::error::Error;
use crate::model::{BatchResult, Deleted, Mapping, Page, SupportedRegions};
use crate::run::Outcome;
use crate::sync::SyncPlan;
use crate::validate::Field;

impl Client {
    /// One page of the zone's mappings.
    pub async fn list<T: Transport>(
        &self,
        t: &T,
        page: &Field,
        per_page: &Field,
        limits: Limits,
    ) -> Result<Page, Error> {
        outcome!(
            drive(
                &self.shared,
                t,
                self.start_list(page, per_page, limits)?,
                &|_| ()
            )
            .await?,
            Page
        )
    }

    /// The page [`Pager`] asks for.
    pub async fn fetch_page<T: Transport>(
        &self,
        t: &T,
        page: u32,
        per_page: u32,
        limits: Limits,
    ) -> Result<Page, Error> {
        outcome!(
            drive(
                &self.shared,
                t,
                self.start_page(page, per_page, limits),
                &|_| ()
            )
            .await?,
            Page
        )
    }

    /// Every mapping of the zone.
    pub async fn list_all<T: Transport>(
        &self,
        t: &T,
        per_page: &Field,
        limits: Limits,
    ) -> Result<Vec<Mapping>, Error> {
        outcome!(
            drive(
                &self.shared,
                t,
                self.start_list_all(per_page, limits)?,
                &|_| ()
            )
            .await?,
            Mappings
        )
    }

    /// The mapping of one IP.
    pub async fn get<T: Transport>(
        &self,
        t: &T,
        ip: &Field,
        limits: Limits,
    ) -> Result<Mapping, Error> {
        outcome!(
            drive(&self.shared, t, self.start_get(ip, limits)?, &|_| ()).await?,
            Mapping
        )
    }

    /// v1 POST.
    pub async fn create<T: Transport>(
        &self,
        t: &T,
        item: &RawItem,
        limits: Limits,
    ) -> Result<Mapping, Error> {
        outcome!(
            drive(&self.shared, t, self.start_create(item, limits)?, &|_| ()).await?,
            Mapping
        )
    }

    /// v1 PATCH.
    pub async fn edit<T: Transport>(
        &self,
        t: &T,
        item: &RawItem,
        limits: Limits,
    ) -> Result<Vec<Mapping>, Error> {
        outcome!(
            drive(&self.shared, t, self.start_edit(item, limits)?, &|_| ()).await?,
            Mappings
        )
    }

    /// v2 PUT /{ip}.
    pub async fn update<T: Transport>(
        &self,
        t: &T,
        ip: &Field,
        vendor: &Field,
        region: &Field,
        limits: Limits,
    ) -> Result<Mapping, Error> {
        let run = self.start_update(ip, vendor, region, limits)?;
        outcome!(drive(&self.shared, t, run, &|_| ()).await?, Mapping)
    }

    /// Removes the mapping of one IP.
    pub async fn delete<T: Transport>(
        &self,
        t: &T,
        ip: &Field,
        limits: Limits,
    ) -> Result<Deleted, Error> {
        outcome!(
            drive(&self.shared, t, self.start_delete(ip, limits)?, &|_| ()).await?,
            Deleted
        )
    }

    /// Upserts any number of mappings.
    pub async fn batch_upsert<T: Transport>(
        &self,
        t: &T,
        version: ApiVersion,
        items: &[RawItem],
        limits: Limits,
    ) -> Result<BatchResult, Error> {
        self.batch_upsert_with(t, version, items, limits, BatchHooks::NONE)
            .await
    }

    /// [`Client::batch_upsert`] with per-call concurrency and progress reports.
    pub async fn batch_upsert_with<T: Transport>(
        &self,
        t: &T,
        version: ApiVersion,
        items: &[RawItem],
        limits: Limits,
        hooks: BatchHooks<'_>,
    ) -> Result<BatchResult, Error> {
        let run = self.start_batch_upsert(version, items, limits, hooks.concurrency)?;
        outcome!(drive(&self.shared, t, run, hooks.progress).await?, Batch)
    }

    /// Deletes any number of mappings.
    pub async fn batch_delete<T: Transport>(
        &self,
        t: &T,
        ips: &[Field],
        limits: Limits,
    ) -> Result<BatchResult, Error> {
        self.batch_delete_with(t, ips, limits, BatchHooks::NONE)
            .await
    }

    /// [`Client::batch_delete`] with per-call concurrency and progress reports.
    pub async fn batch_delete_with<T: Transport>(
        &self,
        t: &T,
        ips: &[Field],
        limits: Limits,
        hooks: BatchHooks<'_>,
    ) -> Result<BatchResult, Error> {
        let run = self.start_batch_delete(ips, limits, hooks.concurrency);
        outcome!(drive(&self.shared, t, run, hooks.progress).await?, Batch)
    }

    /// Reads the zone and plans the writes that make it equal `desired`.
    pub async fn plan<T: Transport>(
        &self,
        t: &T,
        desired: &[RawItem],
        prune: bool,
        limits: Limits,
    ) -> Result<SyncPlan, Error> {
        match drive(
            &self.shared,
            t,
            self.start_plan(desired.to_vec(), prune, limits),
            &|_| (),
        )
        .await?
        {
            Outcome::Plan(p) => Ok(p),
            other => Err(unexpected(other)),
        }
    }

    /// Applies a plan's writes.
    pub async fn apply<T: Transport>(
        &self,
        t: &T,
        upserts: &[RawItem],
        deletes: &[Field],
        limits: Limits,
        hooks: BatchHooks<'_>,
    ) -> Result<Applied, Error> {
        let run = self.start_apply(upserts, deletes, limits, hooks.concurrency)?;
        outcome!(drive(&self.shared, t, run, hooks.progress).await?, Applied)
    }

    /// Plan, then apply.
    pub async fn sync<T: Transport>(
        &self,
        t: &T,
        desired: &[RawItem],
        prune: bool,
        limits: Limits,
        hooks: BatchHooks<'_>,
    ) -> Result<Synced, Error> {
        let run = self.start_sync(desired.to_vec(), prune, limits, hooks.concurrency);
        outcome!(drive(&self.shared, t, run, hooks.progress).await?, Synced)
    }

    /// The vendor/region catalogue.
    pub async fn supported_regions<T: Transport>(
        &self,
        t: &T,
        limits: Limits,
    ) -> Result<SupportedRegions, Error> {
        outcome!(
            drive(
                &self.shared,
                t,
                self.start_supported_regions(limits),
                &|_| ()
            )
            .await?,
            Regions
        )
    }
}
/// The value of one variant of a driven run's outcome; any other is a decode error.
macro_rules! outcome {
    ($outcome:expr, $variant:ident) => {
        match $outcome {
            Outcome::$variant(v) => Ok(v),
            other => Err(unexpected(other)),
        }
    };
}
use outcome;

fn unexpected(outcome: Outcome) -> Error {
    Error::decode(format!(
        "the call ended with an unexpected outcome: {outcome:?}"
    ))
}
