"""GET /api/v1/offices/{office}/surveys/ (published SKM results) and the respondent's
endpoints under /api/v1/surveys/tokens/{token} (read what a single-use link opens; answer
once)."""

from django.http import Http404, JsonResponse
from django.utils import translation
from django_ratelimit.decorators import ratelimit
from ninja import Field, Router, Schema, Status

from loket.offices.services import office_by_slug

from . import ikm, publication, services
from .questionnaire import ELEMENTS

router = Router(tags=["surveys"])
RATE = "60/m"


class GradeLabel(Schema):
    id: str
    en: str


class PlanRowOut(Schema):
    element: str
    activity: str
    when: str
    responsible: str


class PeriodOut(Schema):
    id: int
    kind: str
    start: str
    end: str
    service: str | None
    service_name: str | None
    published_at: str | None
    respondents: int
    nrr: dict[str, float | None] = Field(..., description="NRR per element CODE, full precision")
    nrr_display: dict[str, str | None]
    ikm: float | None
    converted: float | None = Field(..., description="IKM x 25, full precision")
    converted_display: str | None = Field(..., description="2 decimals, rounded half-up")
    grade: str | None
    grade_label: GradeLabel | None
    plan: list[PlanRowOut]


class ElementOut(Schema):
    code: str
    question: int = Field(..., description="the question's number on the form")
    name: str


class OfficeSurveys(Schema):
    office: str
    office_name: str
    url: str
    elements: list[ElementOut]
    periods: list[PeriodOut]


class Error(Schema):
    detail: str
    code: str | None = None
    field: str | None = None


class QuestionOut(Schema):
    code: str
    number: int
    question: str
    answers: dict[int, str]


class TokenOut(Schema):
    status: str = Field(..., description="open or used")
    office: str
    office_name: str
    service: str | None
    questions: list[QuestionOut]


class AnswersIn(Schema):
    answers: dict[str, int] = Field(..., description="U1..U9 -> 1..4, every element")
    sex: str = ""
    age_band: str = ""
    education: str = ""
    occupation: str = ""
    suggestion: str = ""


class Accepted(Schema):
    status: str


def _limited(request) -> JsonResponse | None:
    if getattr(request, "limited", False):
        return JsonResponse({"detail": "Too many requests; try again later."}, status=429)
    return None


@router.get(
    "/offices/{office}/surveys/",
    response={200: OfficeSurveys, 404: Error, 429: Error},
    summary="Published satisfaction survey (SKM) results of an office",
)
@ratelimit(key="ip", rate=RATE, block=False)
def office_surveys(request, office: str):
    """Every published period: respondents, NRR per element code, IKM (exact 1/9 weights),
    converted score, grade and the follow-up plan."""
    if limited := _limited(request):
        return limited
    found = office_by_slug(office)
    if found is None:
        raise Http404
    return publication.office_data(found)


@router.get(
    "/surveys/tokens/{token}",
    response={200: TokenOut, 404: Error, 429: Error},
    summary="What a single-use survey link opens",
)
@ratelimit(key="ip", rate=RATE, block=False)
def token_detail(request, token: str, language: str = "id"):
    if limited := _limited(request):
        return limited
    state = services.token_state(token)
    if not state.known:
        return Status(404, {"detail": "Unknown survey link.", "code": services.TOKEN_UNKNOWN})
    row = state.token
    with translation.override("en" if language == "en" else "id"):
        questions = [
            {
                "code": code,
                "number": ELEMENTS[code].number,
                "question": str(ELEMENTS[code].question),
                "answers": {
                    score: str(text)
                    for score, text in zip(ikm.SCORES, ELEMENTS[code].answers, strict=True)
                },
            }
            for code in ikm.QUESTION_ORDER
        ]
    return {
        "status": "used" if row.used else "open",
        "office": row.office.slug,
        "office_name": row.office.name,
        "service": row.service.slug if row.service else None,
        "questions": questions,
    }


@router.post(
    "/surveys/tokens/{token}/response",
    response={201: Accepted, 404: Error, 409: Error, 422: Error, 429: Error},
    summary="Answer the questionnaire through a single-use link",
    description="One answer per link: a second answer (even sent at the same moment) gets "
    "409 `token_used`. 422 names the `field` (an element code or a profile field).",
)
@ratelimit(key="ip", rate=RATE, block=False)
def token_answer(request, token: str, payload: AnswersIn):
    if limited := _limited(request):
        return limited
    answers = services.Answers(
        scores=payload.answers,
        sex=payload.sex,
        age_band=payload.age_band,
        education=payload.education,
        occupation=payload.occupation,
        suggestion=payload.suggestion,
    )
    with translation.override("en"):
        try:
            services.submit_by_token(token, answers)
        except services.SurveyError as error:
            status = {services.TOKEN_UNKNOWN: 404, services.TOKEN_USED: 409}.get(error.code, 422)
            return Status(status, {"detail": str(error), "code": error.code, "field": error.field})
    return Status(201, {"status": "recorded"})
