from unionhall.core.models import Role
from unionhall.core.permissions import Grant, Perm, access_for, combine


def test_worksite_roles_are_limited_to_their_worksites():
    perms, scopes = combine([Grant(Role.BUILDING_REP, frozenset({1, 2}))])
    assert Perm.VIEW_PEOPLE in perms and scopes[Perm.VIEW_PEOPLE] == {1, 2}
    assert Perm.VIEW_PRIVATE not in perms


def test_worksites_add_up_and_a_local_role_widens_to_all():
    _, scopes = combine([Grant(Role.BUILDING_REP, frozenset({1})),
                         Grant(Role.STEWARD, frozenset({3}))])
    assert scopes[Perm.VIEW_PEOPLE] == {1, 3}
    _, scopes = combine([Grant(Role.BUILDING_REP, frozenset({1})), Grant(Role.OFFICER, None)])
    assert scopes[Perm.VIEW_PEOPLE] is None
    _, scopes = combine([Grant(Role.OFFICER, None), Grant(Role.BUILDING_REP, frozenset({1}))])
    assert scopes[Perm.VIEW_PEOPLE] is None


def test_member_has_no_permission_over_others():
    perms, _ = combine([Grant(Role.MEMBER, None)])
    assert perms == frozenset()


def test_every_role_has_a_permission_entry():
    from unionhall.core.permissions import ROLE_PERMS

    assert set(ROLE_PERMS) == set(Role.values)


def test_state_staff_reaches_locals_below_but_local_roles_do_not_cross(world):
    state = access_for(world.users["state"], world.local)
    assert state.can(Perm.VIEW_PEOPLE) and not state.can(Perm.VIEW_CONTACT)
    assert access_for(world.users["state"], world.other_local).can(Perm.VIEW_LOCAL)
    outsider = access_for(world.users["outsider"], world.local)
    assert not outsider.belongs and outsider.perms == frozenset()


def test_member_role_comes_from_membership(world):
    access = access_for(world.users["member"], world.local)
    assert Role.MEMBER in access.roles and access.person_id == world.people_a[0].pk
    assert not access.needs_mfa


def test_personal_data_roles_need_mfa(world, settings):
    from tests.factories import make_user

    user = make_user("s2@example.org", roles=[(world.local, "steward", [world.site_a])],
                     mfa=False)
    assert access_for(user, world.local).needs_mfa
    settings.UNIONHALL_REQUIRE_MFA = False
    assert not access_for(user, world.local).needs_mfa
