"""The row view of the offer columns (``catalog.columns.OfferRows``) states each row's offer facts as
its record does: what placement and assembly read instead of indexing the layout."""

from __future__ import annotations

import numpy as np

from advisor.catalog.columns import OfferColumns


def test_row_view_reads_each_rows_offer_as_its_record_says(build):
    shared = build.owned_offer(build.seed_terms()).model_copy(update={"id": "onprem:dc:box:owned",
                                                                      "attributes": {"shared": True}})
    plain_owned = build.owned_offer(build.seed_terms(), sku="2xT4", accelerators=2)
    offers = [build.offer("on_demand"), build.offer("spot"), build.offer("reserved", provider="gcp"), shared,
              plain_owned]
    venues = {v.id: v for v in (build.venue(), build.venue("gcp"), build.venue("onprem", "onprem"))}
    venues.setdefault(shared.venue_id, build.venue("onprem", "onprem"))
    cols = OfferColumns(offers, venues)
    idx = np.array([4, 0, 3, 2])  # rows in any order, as a component's eligible rows are
    rows = cols.rows(idx)
    records = [offers[i] for i in idx.tolist()]
    assert len(rows) == 4 and [rows.offer(j) for j in range(4)] == records
    assert list(rows.ids) == [o.id for o in records]
    assert [cols.providers[p] for p in rows.provider.tolist()] == ["onprem", "aws", "onprem", "gcp"]
    assert rows.providers == 3
    assert rows.venue_kind.tolist() == [venues[o.venue_id].kind for o in records]
    assert rows.billed({"on_demand", "reserved"}).tolist() == [False, True, False, True]
    assert rows.has_terms.tolist() == [True, False, True, False]
    assert rows.pooled.tolist() == [True, False, True, False]
    assert rows.on_shared_box().tolist() == [False, False, True, False]
    assert [sorted(o.id for o in offers).index(o.id) for o in records] == rows.rank.tolist()
    assert cols.commitment_months.tolist() == [o.commitment_months or 0 for o in offers]
