"""Question analysis: the type of answer wanted and the actor named, on questions as people ask."""

from __future__ import annotations

import pytest

from qa.question import QType, analyse


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Can I bring my wife along when I escort a congressional delegation?", QType.MAY),
        ("Am I allowed to fly Space-A to drill?", QType.MAY),
        ("Is it okay to post a photo of the range?", QType.MAY),
        ("Do we need anyone's approval before our NAFI signs a PPV deal?", QType.MUST),
        ("Do I have to get the waiver in writing?", QType.MUST),
        ("Is a waiver required for burial?", QType.MUST),
        ("Must contractors store AA&E in a vault?", QType.MUST),
        ("Who picks the chair of the DoD noise working group?", QType.WHO),
        ("Which office approves CODEL travel?", QType.WHO),
        ("Which OSD office told the university to teach robotics?", QType.WHO),
        ("We need export training. Which agency runs that program?", QType.WHO),
        ("Which of these rules applies to reservists?", QType.OTHER),
        ("Whose job is it to keep the list of demil codes?", QType.WHO),
        ("What are the ATSD(PA)'s responsibilities?", QType.WHO),
        ("What must the USD(P&R) do?", QType.WHO),
        ("What do I have to put in a demil waiver request package?", QType.LIST),
        ("The code is wrong. What do we put in the request to change it?", QType.LIST),
        ("What has to be written down on the key sign-out sheet?", QType.LIST),
        ("What do we have to do before the inspection?", QType.MUST),
        ("What are the criteria for CPI?", QType.LIST),
        ("How often must we inventory arms?", QType.WHEN),
        ("By when do we have to report a loss?", QType.WHEN),
        ("When does a change take effect?", QType.WHEN),
        ("Where do I send the waiver request?", QType.WHERE),
        ("How do I request an exception?", QType.HOW),
        ("What is demilitarization?", QType.DEFINITION),
        ("What does DEMIL mean?", QType.DEFINITION),
        ("What counts as encroachment on a training range?", QType.DEFINITION),
        ("What happens if a shipment is lost?", QType.OTHER),
        # The scene first, then the question: the asking sentence decides.
        ("A congressman wants to bring his son on the CODEL. Is that allowed?", QType.MAY),
        ("I'm in the U.S. Navy. I finished the courses. Can I start the job?", QType.MAY),
        ("During the FTX can we leave the rifles in the trucks?", QType.MAY),
        ("Can the job be an extra duty, or does it have to be full-time?", QType.MAY),
        ("Am I supposed to tell someone?", QType.MUST),
        ("Do we follow the normal plan, or who handles those?", QType.WHO),
        ("If a reservist abuses the card, who deals with the discipline?", QType.WHO),
        ("How fast do we need to get back to them?", QType.WHEN),
        ("What's the difference between a waiver and an exception?", QType.DEFINITION),
        ("Does a relabelled part count as counterfeit?", QType.DEFINITION),
        ("What does a state need to put in its request?", QType.LIST),
        ("On what grounds can the fee be waived?", QType.LIST),
        ("What's the right way to send Secret material overnight?", QType.HOW),
        ("How am I supposed to mark CUI in an email?", QType.HOW),
    ],
)
def test_question_type(question: str, expected: QType) -> None:
    assert analyse(question).type is expected


@pytest.mark.parametrize(
    ("question", "actor"),
    [
        ("Can a PA officer approve a new account?", "PA officer"),
        ("Does the Navy have to report noise complaints?", "Navy"),
        ("Can the installation commander waive fencing?", "installation commander"),
        ("What are the ATSD(PA)'s responsibilities?", "ATSD(PA)"),
        ("What are the Secretaries of the Military Departments' responsibilities?",
         "Secretaries of the Military Departments"),
        ("What must the USD(P&R) do?", "USD(P&R)"),
        ("Can I park my car in the storage area?", None),
        ("Do we need approval?", None),
        ("What must I do to get a waiver?", None),
    ],
)  # fmt: skip
def test_actor_named(question: str, actor: str | None) -> None:
    assert analyse(question).actor == actor


def test_terms_are_the_abstention_terms() -> None:
    q = analyse("Can a PA officer approve a new account?")
    assert {"pa", "offic", "approv", "account"} <= q.terms
    assert q.actor_terms == {"pa", "offic"}
