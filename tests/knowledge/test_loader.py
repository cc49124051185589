"""The checker: the shipped knowledge is valid, and each kind of mistake an editor can make
is reported as `file:line: plain explanation`, all at once."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from flows.profile import Profile
from knowledge import KnowledgeError, load_knowledge
from knowledge.loader import DEFAULT_DATA


@pytest.fixture
def data(tmp_path) -> Path:
    """A private copy of the shipped knowledge folder to break."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, target)
    return target


def edit(path: Path, old: str, new: str) -> int:
    """Replace text once and return the 1-based line where the new text starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    start = text.index(old)
    path.write_text(text[:start] + new + text[start + len(old) :], encoding="utf-8")
    return text[:start].count("\n") + 1 + new[: len(new) - len(new.lstrip("\n"))].count("\n")


def problems(data: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(data)
    return err.value.problems


def test_shipped_knowledge_is_valid_and_loads_fast():
    """The knowledge in the repository passes every check, well within start-up budget."""
    start = time.perf_counter()
    kb = load_knowledge()
    assert time.perf_counter() - start < 0.5
    topic_files = list((DEFAULT_DATA / "topics").glob("*.yaml"))
    assert len(kb.topics) == len(topic_files) and len(kb.rule_ids) >= 30


def test_misspelt_field_in_a_condition(data):
    """A misspelt profile field is an error naming file, line and the likely word."""
    line = edit(
        data / "rules.yaml",
        "when: prior_fail and step2_not_taken",
        "when: prior_fail and step2_not_takn",
    )
    (problem,) = problems(data)
    assert problem.startswith(f"{data / 'rules.yaml'}:{line}: ")
    assert "unknown name 'step2_not_takn'; did you mean 'step2_not_taken'?" in problem


def test_misspelt_field_name_in_an_entry(data):
    """An unknown key (e.g. 'prioirty') is reported, not silently ignored."""
    line = edit(
        data / "rules.yaml",
        "    priority: 1\n    text: Make Step 2 CK",
        "    prioirty: 1\n    text: Make Step 2 CK",
    )
    found = problems(data)
    assert f"{data / 'rules.yaml'}:{line}: unknown field 'prioirty' in a rule" in found[0]
    assert any("is missing the field 'priority'" in p for p in found)


def test_choice_value_that_does_not_exist(data):
    """Comparing a choice with a value the profile never holds is caught."""
    edit(data / "flags.yaml", 'when: visa == "needs_h1b"', 'when: visa == "h1b"')
    (problem,) = problems(data)
    assert "flags.yaml:" in problem and "\"h1b\" is not a possible value of 'visa'" in problem


def test_unknown_source(data):
    """Every source id must be defined in sources.yaml."""
    edit(
        data / "rules.yaml",
        "sources: [pitt_fm, residencyadvisor_usce]",
        "sources: [pitt_fm, residencyadvisr_usce]",
    )
    (problem,) = problems(data)
    assert "'residencyadvisr_usce' in 'sources' of a rule is not defined" in problem


def test_invented_number_in_text(data):
    """A figure typed into a text instead of coming from a sourced fact is refused."""
    path = data / "topics" / "usce.yaml"
    line = edit(
        path,
        "Aim for experience in **both** fields:",
        "Aim for 6 months of experience in **both** fields:",
    )
    (problem,) = problems(data)
    assert problem.startswith(f"{path}:{line - 1}:")  # the line of 'text: |-'
    assert "the number '6' must come from facts.yaml" in problem


def test_a_figure_inside_brackets_is_refused(data):
    """A figure carries its source in brackets; inside brackets that would read
    "signals (2 (2025 season; AAMC …))", so the check sends the writer back."""
    path = data / "rules.yaml"
    line = edit(
        path, "take IMGs - you have {signals_impsych}.", "take IMGs (you have {signals_impsych})."
    )
    (problem,) = problems(data)
    assert problem.startswith(f"{path}:{line}:")
    assert "{signals_impsych} is shown with its source in brackets" in problem


def test_a_cited_figure_must_end_its_clause(data):
    """A figure from a web page is followed by its source in brackets, so words after it
    would read "one guide calls about 1 month hands-on (residencyadvisor.com) a bare
    minimum": the check asks for the figure at the end of its clause."""
    path = data / "topics" / "usce.yaml"
    line = edit(
        path,
        "one guide's bare minimum is {usce_min_hands_on}.",
        "one guide calls {usce_min_hands_on} a bare minimum.",
    )
    (problem,) = problems(data)
    assert problem.startswith(f"{path}:{line}:")
    assert "{usce_min_hands_on} is followed by its source in brackets" in problem


def test_a_figure_from_the_articles_may_sit_mid_sentence(data):
    """Figures from the seed articles are cited at the end of the answer, not beside them,
    so they can sit anywhere in a sentence."""
    edit(
        data / "topics" / "usce.yaml",
        "one guide's bare minimum is {usce_min_hands_on}.",
        "programs often take {medpsych_positions} residents a year.",
    )
    observer = Profile(usce_months=3, usce_hands_on_months=0)
    assert "take 2–6 residents a year." in load_knowledge(data).topic_answer("usce", observer).text


def test_number_in_condition_must_be_a_fact(data):
    """Thresholds in conditions come from facts too."""
    edit(data / "flags.yaml", "years_since_graduation > yog_limit", "years_since_graduation > 5")
    (problem,) = problems(data)
    assert "the number 5 must come from facts.yaml" in problem


def test_profile_value_without_guard(data):
    """Showing a value the condition does not guarantee is answered is refused."""
    edit(
        data / "topics" / "letters.yaml",
        "text: You have no US letters yet.",
        "text: You have {letters_im} IM letters.",
    )
    (problem,) = problems(data)
    assert "shows {letters_im} but the condition does not make sure it is answered" in problem


def test_general_answer_cannot_show_personal_values(data):
    """General answers go to public chats, so they cannot show profile values."""
    edit(
        data / "topics" / "visa.yaml",
        "**J-1** (sponsored by ECFMG):",
        "**J-1** for {visa} (sponsored by ECFMG):",
    )
    (problem,) = problems(data)
    assert "general answer is shown without a profile" in problem


def test_broken_yaml_names_the_line(data):
    """A YAML syntax error is reported at its line with a hint."""
    path = data / "topics" / "letters.yaml"
    line = edit(path, "summary: Who should write", "summary: Who: should write")
    (problem,) = problems(data)
    assert problem.startswith(f"{path}:{line}: the file is not valid YAML")


def test_missing_topic_and_long_title(data):
    """The agreed topics must exist; titles must fit on a button. All problems at once."""
    (data / "topics" / "visa.yaml").unlink()
    edit(
        data / "topics" / "usce.yaml",
        "title: US clinical experience",
        "title: US clinical experience for med-psych applicants",
    )
    found = problems(data)
    assert any("the topic 'visa' is missing" in p for p in found)
    assert any("keep it to 30" in p for p in found)
    assert any("topic 'visa' does not exist" in p for p in found)  # rules pointing to it


def test_duplicate_key_and_duplicate_id(data):
    """Repeated keys and ids are reported."""
    edit(
        data / "facts.yaml",
        "  - id: ck_pass\n    value: 218\n",
        "  - id: ck_pass\n    value: 218\n    value: 214\n",
    )
    edit(data / "rules.yaml", "  - id: ck_target\n", "  - id: ck_comeback\n")
    found = problems(data)
    assert any("'value' appears twice here" in p for p in found)
    assert any("the id 'ck_comeback' is used twice" in p for p in found)


def test_timeline_mistakes(data):
    """Season dates must be real dates of known milestones."""
    edit(data / "timeline.yaml", "      eras_submit: 2025-09-03", "      eras_sumbit: 2025-09-03")
    edit(
        data / "timeline.yaml",
        "      nrmp_register: 2025-09-15",
        "      nrmp_register: September 15",
    )
    found = problems(data)
    assert any("'eras_sumbit' is not a milestone id" in p for p in found)
    assert any("the date of 'nrmp_register' must look like 2025-09-03" in p for p in found)


def test_keyword_with_same_meaning_twice(data):
    """Two keywords that mean the same after the lexicon are flagged (double counting)."""
    edit(data / "topics" / "visa.yaml", "  sponsorship: 4\n", "  sponsorship: 4\n  visas: 2\n")
    (problem,) = problems(data)
    assert "the keyword 'visas' means the same as 'visa'" in problem


def test_missing_folder():
    """A wrong path is a clear error, not a crash."""
    with pytest.raises(KnowledgeError) as err:
        load_knowledge("/nonexistent/knowledge")
    assert "the knowledge folder does not exist" in err.value.problems[0]
