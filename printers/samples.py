"""Sample slips: for ``kiosk print test``, the README's previews and the golden images of the tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kiosk.models import Lane
from kiosk.printing import SurveySlip, TicketSlip

# A fixed moment and district, so previews and goldens come out the same every time.
DEMO_MOMENT = dt.datetime(2026, 11, 24, 10, 5, tzinfo=ZoneInfo("Asia/Bangkok"))
DEMO_CENTRE = "ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร"
DEMO_DISTRICT = "เมืองสกลนคร"
# Illustrations only: the real survey link comes from the province's letter (survey.url).
DEMO_SURVEY_URL = "https://survey.example.go.th/opdc?unit=amphoe-mueang-sakon-nakhon"
DEMO_PRIVACY_URL = "https://privacy.example.go.th/amphoe-mueang-sakon-nakhon"


def sample_ticket(
    *,
    centre_name: str = DEMO_CENTRE,
    district: str = DEMO_DISTRICT,
    moment: dt.datetime = DEMO_MOMENT,
    lane: Lane = Lane.PRIORITY,
) -> TicketSlip:
    return TicketSlip(
        centre_name=centre_name,
        district=district,
        issued_at=moment,
        label=f"{lane.value}012",
        lane=lane,
        service_name_th="ลงทะเบียนเงินอุดหนุนเพื่อการเลี้ยงดูเด็กแรกเกิด",
        service_url="https://csg.dcy.go.th",
        people_ahead=3,
    )


def sample_survey(
    *,
    centre_name: str = DEMO_CENTRE,
    district: str = DEMO_DISTRICT,
    moment: dt.datetime = DEMO_MOMENT + dt.timedelta(minutes=25),
    survey_url: str = DEMO_SURVEY_URL,
    privacy_url: str = DEMO_PRIVACY_URL,
) -> SurveySlip:
    return SurveySlip(
        centre_name=centre_name,
        district=district,
        served_at=moment,
        label="P012",
        service_name_th="ลงทะเบียนเงินอุดหนุนเพื่อการเลี้ยงดูเด็กแรกเกิด",
        survey_url=survey_url,
        privacy_url=privacy_url,
    )
