"""The matcher on small hand-made examples: overlap, one-to-one, greedy order, tolerance."""

from evaluation.matching import Item, Score, match, numbers_agree


def same_value(gold, predicted):
    return numbers_agree(gold, predicted)


def test_overlapping_spans_with_equal_values_match():
    result = match([Item(10, 20, 5.0)], [Item(15, 25, 5.0)], same_value)
    assert len(result.pairs) == 1 and not result.missed and not result.spurious


def test_touching_spans_do_not_overlap():
    result = match([Item(10, 20, 5.0)], [Item(20, 25, 5.0)], same_value)
    assert not result.pairs
    assert len(result.missed) == 1 and len(result.spurious) == 1


def test_overlap_with_a_different_value_is_a_miss_and_a_false_positive():
    result = match([Item(0, 10, 99.6)], [Item(0, 10, 996.0)], same_value)
    assert Score.of(result) == Score(0, 1, 1)


def test_one_prediction_matches_only_one_gold_item():
    gold = [Item(0, 10, 1.0), Item(5, 15, 1.0)]
    result = match(gold, [Item(0, 15, 1.0)], same_value)
    assert len(result.pairs) == 1 and len(result.missed) == 1


def test_greedy_prefers_the_largest_overlap():
    gold = [Item(0, 10, 1.0), Item(10, 20, 1.0)]
    predicted = [Item(8, 20, 1.0)]  # 2 characters with the first, 10 with the second
    result = match(gold, predicted, same_value)
    assert result.pairs[0][0] is gold[1]
    assert result.missed == [gold[0]]


def test_two_predictions_on_one_gold_item_leave_one_false_positive():
    result = match([Item(0, 10, 3.0)], [Item(0, 4, 3.0), Item(0, 10, 3.0)], same_value)
    assert result.pairs[0][1].char_end == 10
    assert Score.of(result) == Score(1, 1, 0)


def test_relative_tolerance_is_one_in_a_billion():
    assert numbers_agree(401952030000, 401952030000.0001)
    assert not numbers_agree(401952030000, 401952030000 * (1 + 1e-8))
    assert numbers_agree(None, None)
    assert not numbers_agree(None, 0.0)


def test_score_ratios():
    score = Score(true_positives=8, false_positives=2, false_negatives=8)
    assert score.precision == 0.8
    assert score.recall == 0.5
    assert abs(score.f1 - 2 * 0.8 * 0.5 / 1.3) < 1e-12
    assert Score().precision is None and Score().f1 is None
