"""The call announced aloud: the words, what espeak-ng is given, the WAV it becomes, and playing it."""

from __future__ import annotations

import array
import io
import math
import stat
import sys
import threading
import wave
from pathlib import Path

import pytest

from kiosk import announce, speech
from kiosk.announce import Announcement, AnnounceOptions, Announcer
from kiosk.config import ConfigError, config_from_dict

PHRASE = AnnounceOptions().phrase


def samples_of(wav_bytes: bytes) -> tuple[array.array[int], int]:
    with wave.open(io.BytesIO(wav_bytes)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        data = array.array("h", wav.readframes(wav.getnframes()))
        return data, wav.getframerate()


def rms(samples: array.array[int]) -> float:
    return math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))


def test_the_phrase_says_the_ticket_letter_by_digit_and_the_desk_as_a_number() -> None:
    assert speech.phrase_text(PHRASE, ticket="A001", desk="1") == "หมายเลข เอศูนย์ศูนย์หนึ่ง เชิญที่ช่องบริการ หนึ่ง"
    assert speech.phrase_words(PHRASE, ticket="P027", desk="12") == [
        ["หมายเลข"],
        ["พี", "ศูนย์", "สอง", "เจ็ด"],
        ["เชิญ", "ที่", "ช่อง", "บริการ"],
        ["สิบ", "สอง"],
    ]


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, ["ศูนย์"]),
        (1, ["หนึ่ง"]),
        (10, ["สิบ"]),
        (11, ["สิบ", "เอ็ด"]),
        (20, ["ยี่", "สิบ"]),
        (21, ["ยี่", "สิบ", "เอ็ด"]),
        (35, ["สาม", "สิบ", "ห้า"]),
        (101, ["หนึ่ง", "ร้อย", "เอ็ด"]),
        (999, ["เก้า", "ร้อย", "เก้า", "สิบ", "เก้า"]),
    ],
)
def test_desk_numbers_are_read_as_thai_numbers(n: int, words: list[str]) -> None:
    assert speech.number_words(n) == words


def test_espeak_is_given_phonemes_never_thai_script() -> None:
    """Its Thai voice reads Thai script letter by letter; the lexicon's phonemes are what it says."""
    text = speech.engine_input(PHRASE, ticket="A001", desk="1")
    assert text == ("[[m'a:1j l'e:5k _ ?'e:3 s'u:1n s'u:1n n'W2N _ ch'@:3n th'i:5 ch'O:5N bO:3ri4k'a:3n _ n'W2N]]")
    assert not any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def test_a_phrase_with_a_word_the_lexicon_lacks_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match="cannot say 'กรุณา'"):
        speech.check_phrase("หมายเลข {ticket} เชิญที่ช่องบริการ {desk} ค่ะกรุณา")
    with pytest.raises(ValueError, match="ticket"):
        speech.check_phrase("เชิญที่ช่องบริการ {desk}")
    speech.check_phrase("ขอเชิญหมายเลข {ticket} ที่โต๊ะ {desk} ค่ะ")


def test_the_configuration_checks_the_announcement_and_the_display() -> None:
    home = Path("/nonexistent")
    with pytest.raises(ConfigError, match=r"announce\.phrase"):
        config_from_dict({"announce": {"phrase": "สวัสดี {ticket}"}}, home=home)
    with pytest.raises(ConfigError, match=r"announce\.volume"):
        config_from_dict({"announce": {"volume": 140}}, home=home)
    with pytest.raises(ConfigError, match=r"announce\.player"):
        config_from_dict({"announce": {"player": "vlc"}}, home=home)
    with pytest.raises(ConfigError, match=r"display\.listen"):
        config_from_dict({"display": {"listen": "8765"}}, home=home)
    with pytest.raises(ConfigError, match=r"display\.url"):
        config_from_dict({"display": {"url": "kiosk-01:8765"}}, home=home)
    with pytest.raises(ConfigError, match=r"station\.desk"):
        config_from_dict({"station": {"desk": "ช่อง 1"}}, home=home)
    config = config_from_dict(
        {"display": {"url": "http://kiosk-01:8765"}, "announce": {"voice": False}, "station": {"desk": "2"}}, home=home
    )
    assert (config.display.url, config.announce.voice, config.station.desk) == ("http://kiosk-01:8765", False, "2")


def test_the_chime_is_two_notes_that_fade() -> None:
    tone = announce.chime()
    assert len(tone) == int(announce.RATE * 0.55) + int(announce.RATE * 0.85)
    first, second = tone[: int(announce.RATE * 0.55)], tone[int(announce.RATE * 0.55) :]
    assert rms(first[:2000]) > 4 * rms(first[-2000:])  # decays
    assert rms(second) > 1000
    assert max(abs(s) for s in tone) < 32767  # never clips


def test_the_announcement_renders_to_a_wav_that_speaks_for_as_long_as_the_phrase() -> None:
    options = AnnounceOptions(chime=False)
    data, rate = samples_of(announce.render(Announcement("A001", "1"), options))
    seconds = len(data) / rate
    syllables = speech.syllables(PHRASE, ticket="A001", desk="1")
    assert syllables == 13
    # A slow, clear announcement: 0.2 to 0.6 s a syllable (espeak-ng at 135 words a minute says about 0.45).
    assert 0.2 * syllables <= seconds <= 0.6 * syllables
    assert rms(data) > 1000  # not silent
    # Speech, not a tone: about a third of 20 ms frames are pauses or quiet consonants.
    frame = rate // 50
    loud = [rms(data[i : i + frame]) > 300 for i in range(0, len(data) - frame, frame)]
    assert 0.4 < sum(loud) / len(loud) < 0.95

    longer, _ = samples_of(announce.render(Announcement("P027", "12"), options))
    assert len(longer) > len(data)  # one more syllable for "สิบ สอง" than "หนึ่ง", and 7 is as long as 1


def test_chime_then_voice_and_the_volume_scales_both() -> None:
    call = Announcement("A001", "1")
    full, rate = samples_of(announce.render(call, AnnounceOptions(volume=100)))
    half, _ = samples_of(announce.render(call, AnnounceOptions(volume=50)))
    chime_only, _ = samples_of(announce.render(call, AnnounceOptions(voice=False)))
    assert len(chime_only) == len(announce.chime()) + int(rate * 0.25)
    assert len(full) > len(chime_only) + rate  # the voice follows
    assert rms(half) == pytest.approx(rms(full) / 2, rel=0.02)
    assert announce.render(call, AnnounceOptions(chime=False, voice=False)) == b""


def test_a_missing_engine_is_an_error_for_staff() -> None:
    with pytest.raises(announce.AnnounceError, match="not installed"):
        announce.render(Announcement("A001", "1"), AnnounceOptions(), engine="no-such-espeak")


def player_script(tmp_path: Path, body: str) -> list[str]:
    script = tmp_path / "player.py"
    script.write_text(f"import shutil, sys\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return [sys.executable, str(script)]


def test_the_announcer_plays_each_call_in_turn_and_a_recall_again(tmp_path: Path) -> None:
    played = tmp_path / "played"
    played.mkdir()
    player = player_script(
        tmp_path, f"import os\nn = len(os.listdir({str(played)!r}))\nshutil.copy(sys.argv[1], f'{played}/{{n}}.wav')"
    )
    done = threading.Semaphore(0)
    problems: list[str] = []
    announcer = Announcer(
        AnnounceOptions(voice=False), player=player, on_played=lambda _c: done.release(), on_problem=problems.append
    )
    try:
        for call in (Announcement("A001", "1"), Announcement("A002", "2"), Announcement("A001", "1")):
            announcer.announce(call)
        for _ in range(3):
            assert done.acquire(timeout=30)
    finally:
        announcer.close()
    files = sorted(played.iterdir())
    assert len(files) == 3 and not problems
    assert (
        files[0].read_bytes()
        == files[2].read_bytes()
        == announce.render(Announcement("A001", "1"), AnnounceOptions(voice=False))
    )


def test_no_sound_device_is_a_note_for_staff_not_a_crash(tmp_path: Path) -> None:
    player = player_script(
        tmp_path, "sys.stderr.write('aplay: main:831: audio open error: No such file or directory\\n'); sys.exit(1)"
    )
    problems: list[str] = []
    done = threading.Event()

    def problem(text: str) -> None:
        problems.append(text)
        done.set()

    announcer = Announcer(AnnounceOptions(voice=False), player=player, on_problem=problem)
    try:
        announcer.announce(Announcement("A001", "1"))
        announcer.announce(Announcement("A002", "1"))
        assert done.wait(timeout=30)
    finally:
        announcer.close()
    expected = f"{Path(sys.executable).name} exit 1: aplay: main:831: audio open error: No such file or directory"
    assert problems == [expected]  # said once


def test_no_player_at_all_is_said_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    problems: list[str] = []
    announcer = Announcer(AnnounceOptions(), on_problem=problems.append)
    announcer.close()
    assert problems == ["no sound player (install alsa-utils or pulseaudio-utils)"]
    assert announce.choose_player("none") is None


def test_a_call_whose_turn_comes_too_late_is_shown_not_said(tmp_path: Path) -> None:
    """A burst of calls: each announcement takes seconds; one said long after its call misleads."""
    player = player_script(tmp_path, "import time\ntime.sleep(1.0)")
    played: list[Announcement] = []
    done = threading.Semaphore(0)

    def finished(call: Announcement) -> None:
        played.append(call)
        done.release()

    announcer = Announcer(AnnounceOptions(voice=False), player=player, on_played=finished, stale_after_s=0.5)
    try:
        for ticket in ("A001", "A002", "A003"):
            announcer.announce(Announcement(ticket, "1"))
        assert done.acquire(timeout=30)  # A001 said; A002 and A003 have waited over a second by now
        announcer.announce(Announcement("A004", "2"))  # a fresh call is said
        assert done.acquire(timeout=30)
    finally:
        announcer.close()
    assert played == [Announcement("A001", "1"), Announcement("A004", "2")]
