"""The Word справка: /reports/progress.docx, read back with python-docx."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.shared import Pt

from recommendations.documents.progress_certificate import deadline_text
from recommendations.models import ReviewState, StatusUpdate

from ..samples import PDF

URL = reverse("progress_docx")
DAY = datetime.date(2019, 6, 1)
LONG_TEXT = (
    "Обеспечить формирование региональной системы опережающей подготовки кадров "
    "для цифровой экономики с участием работодателей, включая «=SUM(A1)» и кавычки"
)


@pytest.fixture
def org(make_organisation):
    return make_organisation(
        name="Департамент образования", short_name="ДОиН", slug="doin"
    )


@pytest.fixture
def partner(make_organisation):
    return make_organisation(name="Торгово-промышленная палата", slug="tpp")


@pytest.fixture
def setting(make_resolution, make_group, make_recommendation, org, partner):
    """Two groups: one item done, one delayed (overdue), one never reported."""
    resolution = make_resolution(
        slug="forum-2018",
        title="Резолюция форума",
        event="Форум «Новые кадры»",
        adopted_on=datetime.date(2018, 8, 22),
    )
    first = make_group(name="Органы власти", order=1)
    second = make_group(name="Партнёры", order=2)
    items = [
        make_recommendation(
            resolution=resolution,
            group=first,
            number="1.1",
            order=1,
            lead=partner,
            others=[org],
            due_on=datetime.date(2020, 1, 1),
            text=LONG_TEXT,
        ),
        make_recommendation(
            resolution=resolution,
            group=first,
            number="1.2",
            order=2,
            lead=partner,
            due_on=datetime.date(2019, 3, 1),
            text="Провести конкурс профессионального мастерства",
        ),
        make_recommendation(
            resolution=resolution,
            group=second,
            number="2.1",
            order=3,
            lead=org,
            is_continuous=True,
            text="Продолжать обеспечивать стажировки педагогов",
        ),
    ]
    return resolution, items


@pytest.fixture
def history(setting, make_update, org, partner):
    resolution, (done, delayed, _) = setting
    make_update(done, status="in_progress", progress=40, reported_on=DAY)
    final = make_update(
        done,
        organisation=partner,
        status="done",
        progress=100,
        comment="Приказ № 12 от 01.02.2020",
        evidence_url="https://example.org/act",
        reported_on=datetime.date(2020, 2, 1),
    )
    final.evidence_file.save("act.pdf", ContentFile(PDF))
    make_update(
        delayed, status="delayed", progress=20, comment="Нет средств", reported_on=DAY
    )
    # Neither awaiting review nor returned updates count.
    make_update(
        delayed,
        status="in_progress",
        progress=90,
        comment="Черновик",
        reported_on=DAY,
        state=ReviewState.SUBMITTED,
    )
    return resolution


def document(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return Document(io.BytesIO(b"".join(response.streaming_content)))


def texts(doc) -> list[str]:
    """The document's lines: a recommendation's block is one paragraph."""
    return [
        line
        for paragraph in doc.paragraphs
        for line in paragraph.text.split("\n")
        if line
    ]


def cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def get(client, user, **params):
    client.force_login(user)
    return document(client.get(URL, {"resolution": "forum-2018", **params}))


def test_it_titles_the_note_with_the_resolution_and_the_date(
    client, coordinator, history
):
    doc = get(client, coordinator, as_of="2019-06-01")

    lines = texts(doc)
    assert lines[0] == (
        "Информационная справка о ходе выполнения рекомендаций резолюции "
        "«Резолюция форума»"
    )
    assert lines[1] == "Форум «Новые кадры», 22.08.2018"
    assert lines[2] == "по состоянию на 01.06.2019"


def test_it_sums_up_each_group_with_the_formula_in_words(client, coordinator, history):
    doc = get(client, coordinator, as_of="2019-06-01")

    summary = cells(doc.tables[0])
    assert summary[0] == [
        "Группа адресатов",
        "Всего",
        "Выполнено",
        "В работе",
        "Просрочено",
        "Средний прогресс",
    ]
    assert summary[1:] == [
        ["Органы власти", "2", "0", "2", "1", "30 %"],
        ["Партнёры", "1", "0", "0", "0", "0 %"],
        ["Итого", "3", "0", "2", "1", "20 %"],
    ]
    notes = "\n".join(texts(doc))
    assert "считаются с прогрессом 0 %" in notes
    assert "по последнему опубликованному отчёту о фактах на эту дату" in notes


def test_it_gives_every_recommendation_verbatim_with_its_state(
    client, coordinator, history, settings
):
    settings.PORTAL_URL = "https://portal.example.ru"
    final = StatusUpdate.objects.get(status="done")
    file_name = final.evidence_file.name.rsplit("/", 1)[-1]

    doc = get(client, coordinator)

    lines = texts(doc)
    first = lines.index(f"1.1. {LONG_TEXT}")
    assert lines[first + 1 : first + 5] == [
        "Ответственные: Торгово-промышленная палата (головной исполнитель); "
        "Департамент образования",
        "Срок: 01.01.2020",
        "Статус: Выполнено, прогресс 100 %",
        "Последний отчёт: факты на 01.02.2020, Торгово-промышленная палата. "
        "Приказ № 12 от 01.02.2020",
    ]
    assert lines[first + 5] == (
        f"Подтверждение: https://example.org/act; {file_name} "
        f"(https://portal.example.ru/evidence/{final.pk}/)"
    )
    assert "Срок: постоянное поручение" in lines
    assert "Последний отчёт: не опубликован" in lines
    assert "Черновик" not in "\n".join(lines)


def test_it_shows_the_state_of_a_past_date_without_later_reports(
    client, coordinator, history
):
    doc = get(client, coordinator, as_of="2019-06-01")

    lines = texts(doc)
    first = lines.index(f"1.1. {LONG_TEXT}")
    assert lines[first + 3] == "Статус: Выполняется, прогресс 40 %"
    assert lines[first + 4].startswith("Последний отчёт: факты на 01.06.2019")
    body = "\n".join(lines)
    assert "Приказ № 12" not in body
    assert "https://example.org/act" not in body


def test_it_lists_the_overdue_items(client, coordinator, history):
    doc = get(client, coordinator, as_of="2020-06-01")

    overdue = cells(doc.tables[1])
    assert overdue == [
        ["№", "Рекомендация", "Ответственный исполнитель", "Срок", "%"],
        [
            "1.2",
            "Провести конкурс профессионального мастерства",
            "Торгово-промышленная палата",
            "01.03.2019",
            "20",
        ],
    ]


def test_it_ends_with_the_coordinators_signature_block(client, coordinator, history):
    coordinator.first_name, coordinator.last_name = "Ирина", "Петрова"
    coordinator.save()

    doc = get(client, coordinator)

    signature = cells(doc.tables[-1])
    assert signature[0][0] == "Координатор"
    assert signature[0][1].endswith("И. Петрова")
    assert texts(doc)[-1] == f"{timezone.localdate():%d.%m.%Y}"


def test_it_narrows_the_note_to_one_organisation(client, coordinator, history):
    doc = get(client, coordinator, organisation="doin")

    lines = texts(doc)
    assert "по организации: Департамент образования" in lines
    assert f"1.1. {LONG_TEXT}" in lines
    assert "2.1. Продолжать обеспечивать стажировки педагогов" in lines
    assert not any(line.startswith("1.2. ") for line in lines)
    assert cells(doc.tables[0])[-1][:2] == ["Итого", "2"]


def test_it_says_so_when_an_organisation_answers_for_nothing(
    client, coordinator, history, make_organisation
):
    make_organisation(name="Колледж без поручений", slug="idle")

    doc = get(client, coordinator, organisation="idle")

    assert cells(doc.tables[0])[-1] == ["Итого", "0", "0", "0", "0", "—"]
    assert texts(doc).count("Нет.") == 2


def test_it_is_laid_out_as_an_official_document(client, coordinator, history):
    doc = get(client, coordinator)

    section = doc.sections[0]

    def mm(*lengths) -> tuple:
        return tuple(round(length.mm) for length in lengths)

    assert mm(section.page_width, section.page_height) == (210, 297)
    assert mm(section.left_margin, section.right_margin) == (30, 15)
    assert mm(section.top_margin, section.bottom_margin) == (20, 20)
    assert section.different_first_page_header_footer
    assert not section.first_page_header.paragraphs[0].text
    assert "PAGE" in section.header.paragraphs[0]._p.xml
    normal = doc.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(14))
    table_run = doc.tables[0].rows[1].cells[0].paragraphs[0].runs[0]
    assert table_run.font.size == Pt(12)


def test_it_defaults_to_the_current_resolution_and_today(
    client, coordinator, history, make_resolution
):
    make_resolution(adopted_on=datetime.date(2010, 1, 1), slug="old")
    client.force_login(coordinator)

    response = client.get(URL)

    assert "forum-2018" in response["Content-Disposition"]
    today = f"{timezone.localdate():%d.%m.%Y}"
    assert f"по состоянию на {today}" in texts(document(response))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"as_of": "01.06.2019"}, "ГГГГ-ММ-ДД"),
        ({"as_of": "2019-02-30"}, "ГГГГ-ММ-ДД"),
        ({"as_of": "2999-01-01"}, "в будущем"),
        ({"resolution": "no-such-thing"}, "Нет резолюции с таким кодом"),
        ({"organisation": "no-such-org"}, "Нет организации с таким кодом"),
    ],
)
def test_it_refuses_bad_parameters_with_a_400(
    client, coordinator, history, params, message
):
    client.force_login(coordinator)

    response = client.get(URL, params)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_it_forbids_officials(client, make_official, org, history):
    client.force_login(make_official(org))

    assert client.get(URL).status_code == 403


def test_it_sends_the_anonymous_visitor_to_the_admin_login(client, history):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_is_offered_on_the_reports_page_and_in_the_admin(
    client, coordinator, history
):
    client.force_login(coordinator)

    page = client.get(reverse("reports")).content.decode()
    admin_list = client.get(
        reverse("admin:recommendations_recommendation_changelist")
    ).content.decode()

    assert 'action="/reports/progress.docx"' in page
    assert 'name="organisation"' in page
    assert f"{reverse('reports')}#certificate" in admin_list


def test_it_runs_a_fixed_number_of_queries(
    client,
    coordinator,
    make_resolution,
    make_group,
    make_recommendation,
    make_organisation,
    make_update,
):
    resolution = make_resolution(slug="big")
    groups = [make_group() for _ in range(3)]

    def add(count: int) -> None:
        for n in range(count):
            item = make_recommendation(
                resolution=resolution,
                group=groups[n % 3],
                lead=make_organisation(),
                others=[make_organisation()],
                due_on=datetime.date(2019, 1, 1),
            )
            for day in range(1, 3):
                make_update(item, reported_on=datetime.date(2019, 1, day))

    def count_queries() -> tuple[int, object]:
        with CaptureQueriesContext(connection) as queries:
            doc = document(client.get(URL, {"resolution": "big"}))
        return len(queries), doc

    client.force_login(coordinator)
    add(3)
    few, _ = count_queries()
    add(27)
    many, doc = count_queries()

    assert few == many <= 12
    assert len(cells(doc.tables[1])) == 31


def test_it_names_the_original_deadline_once_it_was_moved(make_recommendation):
    item = make_recommendation(due_on=datetime.date(2021, 6, 30))
    assert deadline_text(item) == "30.06.2021"

    item.original_due_on = datetime.date(2020, 12, 31)

    assert deadline_text(item) == (
        "30.06.2021 (перенесён; первоначальный срок — 31.12.2020)"
    )
