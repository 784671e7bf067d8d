import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from stakeholders.models import Membership, Organisation


def test_it_lists_the_organisations_a_user_reports_for(
    make_organisation, make_official
):
    first, second, other = make_organisation(), make_organisation(), make_organisation()
    official = make_official(first, second)

    assert set(Organisation.objects.of_user(official)) == {first, second}
    assert other not in Organisation.objects.of_user(official)
    assert not Organisation.objects.of_user(AnonymousUser()).exists()


def test_it_allows_one_membership_per_user_and_organisation(
    make_organisation, make_official
):
    organisation = make_organisation()
    official = make_official(organisation)

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=official, organisation=organisation)
    assert Membership.objects.filter(user=official).count() == 1


def test_it_shows_the_short_name_where_there_is_one(make_organisation):
    long_only = make_organisation(name="Департамент Смоленской области по образованию")
    both = make_organisation(name="ГАУ ДПО «СОИРО»", short_name="СОИРО")

    assert str(long_only) == "Департамент Смоленской области по образованию"
    assert str(both) == "СОИРО"
