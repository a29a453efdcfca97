from tinhso.core.models import OrgUnit


def test_subtree_and_ancestors(places):
    ubnd = places["ubnd"]
    assert set(ubnd.subtree()) == set(OrgUnit.objects.all())
    assert list(places["ward_one_stop"].ancestors()) == [
        ubnd,
        places["ward_ubnd"],
        places["ward_one_stop"],
    ]
    assert places["ward_one_stop"].depth == 2


def test_moving_a_unit_moves_everything_below_it(places):
    ward_ubnd = places["ward_ubnd"]
    ward_ubnd.parent = places["commune_ubnd"]
    ward_ubnd.save()
    one_stop = OrgUnit.objects.get(pk=places["ward_one_stop"].pk)
    assert one_stop.path.startswith(places["commune_ubnd"].path)
    assert one_stop.depth == 3
    assert one_stop in places["commune_ubnd"].subtree()


def test_an_id_prefix_is_not_a_descendant(places):
    # Paths are delimited on both sides, so unit 1 never swallows unit 12's tree.
    assert all(
        p.endswith("/") and p.startswith("/")
        for p in OrgUnit.objects.values_list("path", flat=True)
    )
    assert places["commune_ubnd"] not in places["ward_ubnd"].subtree()
