from decimal import Decimal

from domain.projects.kinds import Stage
from domain.scoring.rules import overdue_deduction, project_scores, ranking, ratings_revealed, stage_score, total

D = Decimal


def test_stage_score_stays_within_zero_and_hundred() -> None:
    assert stage_score([]) == 100
    assert stage_score([D(-5), D(-10)]) == 85
    assert stage_score([D(-80), D(-80)]) == 0
    assert stage_score([D(-10), D(10)]) == 100  # a correction restores the points


def test_overdue_deduction_is_per_working_day_and_capped() -> None:
    assert [overdue_deduction(n) for n in (-3, 0, 1, 7, 20, 45)] == [0, 0, 1, 7, 20, 20]


def test_a_project_has_a_thousand_points_in_ten_stages() -> None:
    scores = project_scores([(Stage.PRE_REVIEW, D(-5)), (Stage.PRE_REVIEW, D(-3)), (Stage.CONSTRUCTION, D(-30))])
    assert scores[Stage.PRE_REVIEW] == 92 and scores[Stage.CONSTRUCTION] == 70
    assert len(scores) == 10 and total(scores) == 962


def test_ranking_by_average_with_shared_ranks() -> None:
    names = {1: "a-bureau", 2: "b-bureau", 3: "c-bureau", 4: "d-bureau"}
    ranked = ranking({1: [D(900), D(1000)], 2: [D(950)], 3: [D(990)], 4: [D(800)]}, names)
    assert [(r.rank, r.organisation_id, r.average, r.projects) for r in ranked] == [
        (1, 3, D("990.00"), 1),
        (2, 1, D("950.00"), 2),
        (2, 2, D("950.00"), 1),
        (4, 4, D("800.00"), 1),
    ]


def test_mutual_ratings_are_revealed_when_both_rated_or_the_window_closed() -> None:
    assert not ratings_revealed(both_submitted=False, window_closed=False)
    assert ratings_revealed(both_submitted=True, window_closed=False)
    assert ratings_revealed(both_submitted=False, window_closed=True)
