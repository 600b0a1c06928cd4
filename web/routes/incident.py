"""The critical-incident page: declare one (routine posts hold), see what it holds, end it (they go back
to review), and post a pre-approved holding statement fast.

Everything happens in `publish.incident_hold`, as for `commsdesk incident ...` and `commsdesk holding
...`: this module turns forms into its calls and its refusals into an error summary. Duty staff and
senior officers act (`INCIDENT_ROLES`); reviewers read the page, since an incident changes what they
approve. Each form posts, then comes back to the page (so a reload never posts a statement twice),
which says what was done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from commsdesk.incidents import describe
from commsdesk.store import IncidentActive, Store
from publish.drafts import Checks, DraftRefused, force_accounts
from publish.holding import BLANK, MAX_BLANK, Template, templates
from publish.incident_hold import INCIDENT_ROLES, declare, holding_accounts, publish_holding, stand_down
from publish.lifecycle import NotAllowed
from publish.records import Account, Post
from web.access import INCIDENT
from web.guards import DeskStore, check_csrf, desk, policy_checks, require
from web.pages import render
from web.records import WebSession

router = APIRouter()

RECENT = 5  # past incidents the page lists
Reader = Annotated[WebSession, Depends(require(*INCIDENT.roles))]
Actor = Annotated[WebSession, Depends(require(*INCIDENT_ROLES))]
Csrf = Annotated[WebSession, Depends(check_csrf)]
Problem = tuple[str, str]  # (the field's id, or "" for the form as a whole; the message)


async def posted_form(request: Request) -> FormData:
    """The whole posted form, for fields named on the day (a statement's blanks)."""
    return await request.form()


@dataclass(frozen=True, slots=True)
class Typed:
    """What someone typed into a form that was refused, to show it again."""

    reason: str = ""
    place: str = ""
    terms: str = ""
    note: str = ""
    statement: str = ""
    blanks: dict[str, str] = field(default_factory=dict)
    accounts: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Statement:
    """A holding statement as the page shows it: its wording in pieces (text, blank, text, ...), the
    accounts it may go on."""

    template: Template
    pieces: tuple[tuple[str, bool], ...]  # (words, is it a blank)
    accounts: tuple[Account, ...]


@router.get("/incident")
def incident_page(
    request: Request, store: DeskStore, session: Reader, declared: int = 0, ended: int = 0, posted: int = 0
) -> HTMLResponse:
    return _page(request, store, session, declared=declared, ended=ended, posted=posted)


@router.post("/incident/declare")
def declare_incident(
    request: Request,
    store: DeskStore,
    session: Actor,
    _: Csrf,
    reason: Annotated[str, Form()] = "",
    place: Annotated[str, Form()] = "",
    terms: Annotated[str, Form()] = "",
) -> Response:
    """Declare a critical incident: every routine post that could go out is held until it ends."""
    typed = Typed(reason=reason, place=place, terms=terms)
    problems: list[Problem] = []
    if not reason.strip():
        problems.append(("reason", "Reason: say what is happening, for the record."))
    if place and place not in _neighbourhoods(request):
        problems.append(("place", "Place: choose one of the force's neighbourhoods, or none."))
    if problems:
        return _page(request, store, session, errors=problems, typed=typed, status_code=400)
    try:
        incident, _held = declare(store, reason=reason.strip(), by=session.user, place=place, terms=_terms(terms))
    except IncidentActive as error:
        problem = f"Incident {error.current.id} is already active: end it before declaring another."
        return _page(request, store, session, errors=[("", problem)], typed=typed, status_code=409)
    except NotAllowed as error:
        return _page(request, store, session, errors=[("", str(error))], typed=typed, status_code=403)
    return RedirectResponse(f"/incident?declared={incident.id}", status_code=303)


@router.post("/incident/end")
def end_incident(
    request: Request, store: DeskStore, session: Actor, _: Csrf, note: Annotated[str, Form()] = ""
) -> Response:
    """End the active incident: what it held goes back to review, never straight out."""
    try:
        ended, _released = stand_down(store, by=session.user, note=note.strip())
    except KeyError:
        problem = "No incident is active: someone may have ended it already."
        return _page(request, store, session, errors=[("", problem)], status_code=409)
    except NotAllowed as error:
        return _page(request, store, session, errors=[("", str(error))], typed=Typed(note=note), status_code=403)
    return RedirectResponse(f"/incident?ended={ended.id}", status_code=303)


@router.post("/incident/holding")
def post_holding(
    request: Request,
    store: DeskStore,
    session: Actor,
    _: Csrf,
    form: Annotated[FormData, Depends(posted_form)],
    checker: Annotated[Checks, Depends(policy_checks)],
) -> Response:
    """Fill in a holding statement and post it: queued at once when the checks find nothing, otherwise
    to ordinary review. Refused with every reason, and nothing saved, when a blank or account is wrong."""
    name = str(form.get("statement", ""))
    blanks = {key.removeprefix("blank-"): str(value) for key, value in form.multi_items() if key.startswith("blank-")}
    ticked = [str(value) for value in form.getlist("account")]
    typed = Typed(statement=name, blanks=blanks, accounts=frozenset(ticked))
    known = {str(account): account for account in force_accounts(desk(request).settings)}
    unknown = [f"{text} is not one of the force's accounts" for text in ticked if text not in known]
    try:
        if unknown:  # only a form from before the settings changed, or a forged one: refused as the domain would
            raise DraftRefused(unknown)
        chosen = [known[text] for text in ticked]
        made = publish_holding(store, desk(request).settings, name, blanks, chosen, session.user, checker)
    except DraftRefused as refused:  # BlankRefused too
        problems = [(_field_for(name, reason), reason) for reason in refused.reasons]
        return _page(request, store, session, errors=problems, typed=typed, status_code=400)
    except NotAllowed as error:
        return _page(request, store, session, errors=[("", str(error))], typed=typed, status_code=403)
    return RedirectResponse(f"/incident?posted={made.id}#holding-result", status_code=303)


def _page(
    request: Request,
    store: Store,
    session: WebSession,
    *,
    errors: list[Problem] | None = None,
    typed: Typed | None = None,
    declared: int = 0,
    ended: int = 0,
    posted: int = 0,
    status_code: int = 200,
) -> HTMLResponse:
    settings = desk(request).settings
    incidents = store.incidents(limit=RECENT + 1)
    active = incidents[0] if incidents and incidents[0].active else None
    zone = settings.force.timezone
    return render(
        request,
        "incident.html",
        title="Critical incident",
        status_code=status_code,
        incident=active,
        summary=describe(active, zone) if active else "",
        held=store.incident_holds(active.id) if active else [],
        going_out=store.posts("publishing") if active else [],
        past=[describe(past, zone) for past in incidents if not past.active][:RECENT],
        declared=active if active and active.id == declared else None,
        ended=_ended(store, ended, zone),
        posted=_posted(store, posted),
        statements=_statements(request),
        neighbourhoods=_neighbourhoods(request),
        can_act=session.user.has(*INCIDENT_ROLES),
        errors=errors or [],
        typed=typed or Typed(),
        max_blank=MAX_BLANK,
    )


def _neighbourhoods(request: Request) -> list[str]:
    return [area.name for area in desk(request).settings.neighbourhoods]


def _terms(text: str) -> list[str]:
    """ "flood, River Tyne,flood" → ["flood", "River Tyne"]."""
    return list(dict.fromkeys(term.strip() for term in text.split(",") if term.strip()))


def _statements(request: Request) -> list[Statement]:
    settings = desk(request).settings
    known = force_accounts(settings)
    return [
        Statement(template, _pieces(template.text), holding_accounts(template, known))
        for template in templates(settings).values()
    ]


def _pieces(text: str) -> tuple[tuple[str, bool], ...]:
    """A statement's wording as (words, False) and ({blank}, True) pieces, so the page marks the blanks."""
    return tuple((part, index % 2 == 1) for index, part in enumerate(BLANK.split(text)) if part)


def _field_for(statement: str, reason: str) -> str:
    """The input a refusal is about ("{place} may not hold a link" → the place blank), or "" for none."""
    found = BLANK.search(reason)
    return f"{statement}-{found[1]}" if found and reason.startswith(found[0]) else ""


def _ended(store: Store, ident: int, zone: str) -> str:
    """The incident just ended, in words (only once it really has ended)."""
    found = store.incident(ident) if ident else None
    return describe(found, zone) if found and not found.active else ""


def _posted(store: Store, ident: int) -> Post | None:
    """The holding statement just posted (a post filled from a template; any other is ignored)."""
    found = store.post(ident) if ident else None
    return found if found and found.template else None
