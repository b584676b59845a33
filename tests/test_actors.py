"""Actors on news-like text written for these tests: descriptions and pronouns that refer back
to named entities, appositions, group actors, untyped names, affiliation edges, and merging
across documents (issue 14)."""

from __future__ import annotations

import pytest

import kg
from kg.analysis import analyze
from kg.model import AFFILIATION


def result(nlp, text):
    return analyze(nlp(text), doc_id="t")


def edges(triples):
    return {(t.subject, t.relation, t.object) for t in triples if not t.object_is_clause}


def entity(res, name):
    return next(e for e in res.entities if e.name == name)


def mentions_of(res, name):
    return {m.text for m in entity(res, name).mentions}


def test_definite_description_refers_to_the_firm_named_before(nlp):
    res = result(nlp, "Kestrel Dynamics reported a loss on Monday. The firm later sued the Ministry of Transport.")
    assert ("Kestrel Dynamics", "sue", "Ministry of Transport") in edges(res.triples)
    assert "The firm" in mentions_of(res, "Kestrel Dynamics")


def test_description_prefers_the_entity_described_that_way(nlp):
    # "Borealis, a US carmaker": the carmaker is Borealis, although Kestrel is nearer
    text = "Borealis, a US carmaker, bid for a plant. Kestrel Bank rejected the offer. The carmaker then appealed to the regulator."
    res = result(nlp, text)
    assert ("Borealis", "appeal to", "regulator") in edges(res.triples)


def test_role_description_refers_to_the_person_with_that_title(nlp):
    res = result(nlp, "Chancellor Greta Holm met the bankers on Monday. The chancellor warned them about bonuses.")
    assert any(s == "Greta Holm" and r == "warn" for s, r, _ in edges(res.triples))


def test_unresolved_description_stays_as_it_is(nlp):
    res = result(nlp, "The company cut its prices.")
    assert not any(e.type in ("ORG", "PERSON") for e in res.entities if e.name.lower() == "company")


def test_it_refers_to_an_organisation_not_a_dummy_it(nlp):
    res = result(nlp, "Kestrel Dynamics said it would buy the Borealis group. It is likely that prices will rise.")
    assert any(s == "Kestrel Dynamics" and r == "buy" for s, r, _ in edges(res.triples))
    assert "It" not in mentions_of(res, "Kestrel Dynamics")


def test_government_of_a_country_is_the_country(nlp):
    res = result(nlp, "The Spanish government fined Kestrel Dynamics. Later the government lifted the fine.")
    assert ("Spain", "fine", "Kestrel Dynamics") in edges(res.triples)
    assert any(s == "Spain" and r.startswith("lift") for s, r, _ in edges(res.triples))


def test_apposition_name_stands_for_the_role_phrase(nlp):
    res = result(nlp, "The minister joins the top army officer, General Ana Ruiz, at the summit.")
    assert any(r == "join" and o == "Ana Ruiz" for _, r, o in edges(res.triples))


def test_group_actors_with_affiliation(nlp):
    res = result(nlp, "Chilean protesters clashed with the police. On Monday, Labour MPs criticised the plan.")
    groups = {e.name: e for e in res.entities if e.type == "GROUP"}
    assert groups["Chilean protesters"].affiliation == "Chile"
    assert "Labour" in (groups["Labour MPs"].affiliation or "")
    assert ("Chilean protesters", AFFILIATION, "Chile") in edges(res.triples)


def test_conjoined_nationalities_make_two_groups(nlp):
    res = result(nlp, "Costa met her Spanish and French counterparts.")
    assert {("Costa", "meet", "Spanish counterparts"), ("Costa", "meet", "French counterparts")} <= edges(res.triples)


def test_untyped_proper_nouns_are_actors(nlp):
    res = result(nlp, "On Monday Zembla restored ties with Freedonia.")
    found = [t for t in res.triples if t.object == "Freedonia"]
    assert found and found[0].interaction == "verbal cooperation"


@pytest.mark.parametrize(
    "text, member, org",
    [
        ("U.S. Defense Secretary Ava Lindqvist flew to Oslo.", "Ava Lindqvist", "United States"),
        ("Kestrel spokesman Jon Brandt denied the report.", "Jon Brandt", "Kestrel"),
        ("Jon Brandt, a spokesman for Kestrel Dynamics, denied the report.", "Jon Brandt", "Kestrel Dynamics"),
        ("Mira Sole is the chief executive of Kestrel Dynamics.", "Mira Sole", "Kestrel Dynamics"),
        # the role of a described firm, set off before the name
        ("Kestrel Dynamics sued Volta. The general counsel of the company, Mark Chandler, spoke.", "Mark Chandler", "Kestrel Dynamics"),
        # a short name in the title, the firm named in full before
        ("Volta Motors cut jobs. Volta chief executive Thomas Lind said sorry.", "Thomas Lind", "Volta Motors"),
        # a company title with no firm: the firm the text is speaking of
        ("Volta Motors will fund the search. Chief executive Thomas Lind said so.", "Thomas Lind", "Volta Motors"),
    ],
)
def test_affiliation_edges_from_titles_appositions_and_copulas(nlp, text, member, org):
    res = result(nlp, text)
    found = {(t.subject, t.object) for t in res.triples if t.relation == AFFILIATION}
    assert (member, org) in found, found
    t = next(t for t in res.triples if t.relation == AFFILIATION and t.subject == member)
    assert t.kind == "affiliation" and t.interaction is None


def test_no_affiliation_for_a_firm_nationality(nlp):
    res = result(nlp, "Japanese carmakers cut prices.")
    assert not [t for t in res.triples if t.relation == AFFILIATION]


def test_titles_are_never_dates_or_adjectives(nlp):
    res = result(nlp, "On Wednesday Mr Blake Carter spoke. The good Mr Carter left early.")
    person = next(e for e in res.entities if e.name == "Blake Carter")
    assert not any("Wednesday" in t or "good" in t for t in person.titles)


def test_party_word_before_a_name_is_an_affiliation(nlp):
    res = result(nlp, "Tory Neil Hamble criticised the plan.")
    names = {e.name for e in res.entities if e.type == "PERSON"}
    assert "Neil Hamble" in names and "Tory Neil Hamble" not in names


def graph(nlp, *texts):
    return kg.build([(f"d{i}", t) for i, t in enumerate(texts)], nlp=nlp)


def test_middle_initial_variants_merge(nlp):
    g = graph(nlp, "George W. Harlan met the mayor.", "George Harlan visited Oslo.")
    assert "George Harlan" not in g.entities or "George W. Harlan" not in g.entities


def test_organisation_name_variants_merge(nlp):
    g = graph(nlp, "Kestrel Dynamics Inc. reported a loss.", "Kestrel Dynamics hired 200 workers.")
    names = {n for n, e in g.entities.items() if e.type == "ORG"}
    assert names == {"Kestrel Dynamics"}


def test_surname_merges_by_gender_when_two_share_it(nlp):
    g = graph(
        nlp,
        "Prime Minister Tomas Varga met Chile's president.",
        "Anna Varga opened a school in Budapest.",
        "Mr Varga said he would resign.",
    )
    e = g.entity("Tomas Varga")
    assert any(m.evidence.doc_id == "d2" for m in e.mentions)  # "Mr Varga ... he"
    assert any("merged" in n for n in e.notes)


def test_ambiguous_surname_stays_apart_with_a_note(nlp):
    g = graph(nlp, "Tomas Varga met the mayor.", "Anna Varga opened a school.", "Varga said the plan was late.")
    assert "Varga" in g.entities
    assert any("kept apart" in n for n in g.entities["Varga"].notes)


def test_affiliation_edges_join_paths_and_can_be_left_out(nlp):
    g = graph(nlp, "U.S. Defense Secretary Ava Lindqvist met Tomas Berg. The United States sanctioned Freedonia.")
    steps = g.path("Defense Secretary", "Freedonia")  # found by the title she holds
    assert [s.relation for s in steps][0] == AFFILIATION
    assert "United States" in g.neighbors("Ava Lindqvist")
    assert "United States" not in g.neighbors("Ava Lindqvist", affiliations=False)
    with pytest.raises(kg.KgError):
        g.path("Ava Lindqvist", "Freedonia", affiliations=False)


def test_show_lists_memberships_and_merges(nlp, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    g = graph(nlp, "Kestrel spokesman Jon Brandt denied the report.", "Brandt later resigned.")
    path = tmp_path / "g.json"
    g.save(path)
    out = CliRunner().invoke(app, ["show", str(path), "Brandt"]).output
    assert "member of: Kestrel" in out
    assert "merged" in out


def test_state_body_named_after_its_country_belongs_to_it(nlp):
    res = result(nlp, "The U.S. Department of Labor published the figures. Qatar Airways ordered jets.")
    found = {(t.subject, t.object) for t in res.triples if t.relation == AFFILIATION}
    assert ("U.S. Department of Labor", "United States") in found
    assert not any(s == "Qatar Airways" for s, _ in found)


def test_name_in_apposition_after_an_of_phrase_is_the_role_holder(nlp):
    res = result(nlp, "The deal was welcomed by the general secretary of the union Unite, Tony Woodley.")
    found = {(t.subject, t.object) for t in res.triples if t.relation == AFFILIATION}
    assert ("Tony Woodley", "Unite") in found


def test_short_name_after_the_long_one_is_the_same_organisation(nlp):
    res = result(nlp, "The U.S. Treasury Department opened an inquiry. On Monday the Treasury fined Kestrel Dynamics. Northrop Vance sued Kestrel Dynamics. Northrop appealed.")
    names = {e.name for e in res.entities if e.type in ("ORG", "ACTOR")}
    assert "Treasury" not in names
    assert ("U.S. Treasury Department", "fine", "Kestrel Dynamics") in edges(res.triples)


def test_a_company_title_alone_is_no_office_of_a_country(nlp):
    res = result(nlp, "Norway protested on Monday. Chief executive Thomas Lind said so.")
    assert not [t for t in res.triples if t.relation == AFFILIATION], [(t.subject, t.object) for t in res.triples]


def test_federal_is_the_country_acting(nlp):
    res = result(nlp, "Vesta Motors lost money in the United States. The firm has sought federal aid.")
    assert [t for t in res.triples if t.subject == "Vesta Motors" and t.object == "United States" and t.interaction], edges(res.triples)


def test_an_untagged_name_with_a_known_given_name_is_a_person(nlp):
    res = result(nlp, "Zembla restored ties with Freedonia. Ana Ruiz, a professor, welcomed the step.")
    assert entity(res, "Ana Ruiz").type == "PERSON"


def test_a_bare_plural_joins_the_one_named_group_before_it(nlp):
    res = result(nlp, "Chilean miners marched on Monday. Police said the miners had blocked a road.")
    assert "miners" in {m.text for m in entity(res, "Chilean miners").mentions}
    res = result(nlp, "Chilean miners and Peruvian miners marched on Monday. Police said the miners had blocked a road.")
    assert not [e for e in res.entities if e.name in ("Chilean miners", "Peruvian miners") and "miners" in {m.text for m in e.mentions}]


def test_a_name_in_apposition_to_the_subject_is_the_likelier_antecedent(nlp):
    res = result(nlp, "The Dutch planemaker, Kestrel Dynamics, has won an order from Volta Air for 40 of its new jets.")
    assert "its" in mentions_of(res, "Kestrel Dynamics")


def test_a_name_untagged_once_joins_the_entity_tagged_elsewhere(nlp):
    doc = nlp("Kestrel Dynamics sued Volta. Kestrel Dynamics Inc. said it would win. Volta said Kestrel Dynamics Inc. had no case.")
    # the tagger missing one mention, as it does on real text
    last = [e for e in doc.ents if e.text == "Kestrel Dynamics Inc."][-1]
    doc.ents = [e for e in doc.ents if e.start != last.start]
    res = analyze(doc, doc_id="t")
    names = [e.name for e in res.entities if "Kestrel" in e.name]
    assert len(names) == 1, names


def test_a_company_title_goes_to_the_firm_named_last(nlp):
    res = result(nlp, "Volta Motors received a letter from Kestrel Dynamics. The chief executive Thomas Lind said it was kind.")
    found = {(t.subject, t.object) for t in res.triples if t.relation == AFFILIATION}
    assert ("Thomas Lind", "Kestrel Dynamics") in found, found


@pytest.mark.parametrize(
    "text, acts",
    [
        ("Kestrel Dynamics said it was ready to buy Volta.", True),
        ("Kestrel Dynamics said it would be unwise to buy Volta.", False),
    ],
)
def test_it_before_an_adjective_and_an_infinitive(nlp, text, acts):
    res = result(nlp, text)
    found = [t for t in res.triples if t.relation == "buy" and t.object == "Volta"]
    assert bool(found) == acts, [(t.subject, t.relation, t.object) for t in res.triples]


def _as_place(nlp, text, name):
    """``text`` parsed, with every mention of ``name`` typed GPE (as the tagger types many firms)."""
    from spacy.tokens import Span

    doc = nlp(text)
    spans = [Span(doc, t.i, t.i + 1, label="GPE") for t in doc if t.text == name]
    doc.ents = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)] + spans
    return doc


def test_it_refers_to_a_name_typed_as_a_place_only_when_that_name_speaks(nlp):
    res = analyze(_as_place(nlp, "Orvane sued Kestrel Dynamics. Orvane said that it owns the brand.", "Orvane"), doc_id="t")
    assert [t.subject for t in res.triples if t.relation == "own"] == ["Orvane"]
    res = analyze(_as_place(nlp, "The A9 landed in Orvane. It carried 200 people.", "Orvane"), doc_id="t")
    assert not [t for t in res.triples if t.relation == "carry" and t.subject == "Orvane"]


def test_names_listed_after_a_group_are_its_members(nlp):
    res = result(nlp, "Kestrel wants the cost to be paid by the four customer nations: Belgium, France, Spain and Turkey.")
    members = {t.subject for t in res.triples if t.relation == AFFILIATION and t.object == "customer nations"}
    assert members == {"Belgium", "France", "Spain", "Turkey"}, members


@pytest.mark.parametrize(
    "text, member, org",
    [
        ("Volta Motors will axe jobs at its European division, Orvo.", "Orvo", "Volta Motors"),
        ("Orvo, a unit of Kestrel Dynamics, said no.", "Orvo", "Kestrel Dynamics"),
        ("There are plans to sell films from Kestrel, Orvo's distributor and owner of Volta.", "Volta", "Kestrel"),
    ],
)
def test_parts_and_owners_of_organisations(nlp, text, member, org):
    res = result(nlp, text)
    found = {(t.subject, t.object) for t in res.triples if t.relation == AFFILIATION}
    assert (member, org) in found, found


def test_a_group_in_a_country_belongs_to_it_but_not_one_in_a_city(nlp):
    res = result(nlp, "Politicians in Germany expressed anger at Kestrel. Protesters in Paris marched.")
    found = {(t.subject, t.object) for t in res.triples if t.relation == AFFILIATION}
    assert ("politicians in Germany", "Germany") in found, found
    assert not [p for p in found if p[1] == "Paris"], found


def test_a_name_with_a_model_number_is_a_product_and_its_short_name_too(nlp):
    res = result(nlp, "Kestrel Dynamics unveiled the Skylark 900 on Monday. Volta Air said the Skylark would carry 300 people.")
    types = {e.name: e.type for e in res.entities}
    products = [n for n, t in types.items() if "Skylark" in n]
    assert products and all(types[n] == "PRODUCT" for n in products), types


def test_a_noun_before_a_name_that_the_parser_made_a_second_subject(nlp):
    res = result(nlp, "The US car manufacturer General Motors said that it would close a plant.")
    says = [t.subject for t in res.triples if t.relation == "say"]
    assert says == ["General Motors"], says


def test_the_former_and_the_latter(nlp):
    res = result(nlp, "Volta Motors sued Kestrel Dynamics so that the latter would stop selling the device.")
    assert "the latter" in mentions_of(res, "Kestrel Dynamics")
    res = result(nlp, "Volta Motors met Kestrel Dynamics on Monday, and the former then sued Orvo Group.")
    assert "the former" in mentions_of(res, "Volta Motors")


def test_a_description_never_refers_to_what_it_names_itself(nlp):
    res = result(nlp, "Kestrel Dynamics makes the Vireo phone. The dispute is between the maker of Kestrel Dynamics and Volta.")
    assert "the maker" not in mentions_of(res, "Kestrel Dynamics")


def test_a_description_with_a_nationality_skips_a_firm_described_as_from_elsewhere(nlp):
    res = result(
        nlp,
        "Orvo Aviation had hoped to win the order. The European planemaker, Kestrel Aerospace, won it on Monday. "
        "The result raised questions whether the US company had lost its lead.",
    )
    assert "the US company" in mentions_of(res, "Orvo Aviation")


def test_a_denied_relation_is_no_step_of_a_path(nlp, tmp_path):
    text = "Tomas Berg did not meet Ava Lindqvist in Oslo. Ava Lindqvist praised Norway."
    g = graph(nlp, text)
    with pytest.raises(kg.KgError):
        g.path("Tomas Berg", "Norway")
    path = tmp_path / "p.kgdb"
    with kg.open(path, write=True) as s:
        s.add_results([analyze(nlp(text), doc_id="d")])
    with kg.open(path) as s, pytest.raises(kg.KgError):
        s.path("Tomas Berg", "Norway")
    g = graph(nlp, "Tomas Berg met Ava Lindqvist in Oslo. Ava Lindqvist praised Norway.")
    assert [t.relation for t in g.path("Tomas Berg", "Norway")] == ["meet", "praise"]


def test_a_short_name_joins_the_one_organisation_it_was_written_for_elsewhere(nlp):
    g = graph(
        nlp,
        "Kestrel Motor Company cut prices on Monday. Kestrel said sales would rise.",
        "Kestrel sued Volta Industries over a patent.",
    )
    assert "Kestrel" not in g.entities and "Kestrel Motor Company" in g.entities, sorted(g.entities)
    g = graph(
        nlp,
        "Kestrel Motor Company cut prices on Monday. Kestrel said sales would rise.",
        "Kestrel Airlines cut fares. Kestrel said demand was weak.",
        "Kestrel sued Volta Industries over a patent.",
    )
    assert "Kestrel" in g.entities  # two firms go by that short name: it stays apart


def test_a_plural_pronoun_after_a_list_of_names_stands_for_each(nlp):
    text = "Kestrel Dynamics and Borealis Motors asked the Senate for help. They later sued Harlow Bank."
    res = result(nlp, text)
    got = edges(res.triples)
    assert ("Kestrel Dynamics", "sue", "Harlow Bank") in got
    assert ("Borealis Motors", "sue", "Harlow Bank") in got
    assert not any(s == "Senate" and r == "sue" for s, r, _ in got)
    assert "They" in mentions_of(res, "Kestrel Dynamics") and "They" in mentions_of(res, "Borealis Motors")


def test_a_counted_description_stands_for_the_firms_listed(nlp):
    text = (
        "Kestrel Dynamics and Borealis Motors cut prices in May. Harlow Bank said sales fell. "
        "Analysts were surprised. Shares dropped. Traders sold. Later the two companies sued Harlow Bank."
    )
    got = edges(result(nlp, text).triples)
    assert ("Kestrel Dynamics", "sue", "Harlow Bank") in got
    assert ("Borealis Motors", "sue", "Harlow Bank") in got
    assert not any(s == "companies" for s, _, _ in got)


def test_an_object_pronoun_is_not_its_own_clause_subject(nlp):
    # "the Senate required them": them is the two firms, not the Senate
    text = "Kestrel Dynamics and Borealis Motors received loans, but the Senate required them to cut costs."
    got = edges(result(nlp, text).triples)
    assert ("Senate", "require", "Kestrel Dynamics") in got
    assert ("Borealis Motors", "cut", "costs") in got
    assert not any(s == "Senate" and r == "cut" for s, r, _ in got)


def test_a_set_is_not_its_own_partner(nlp):
    text = "Kestrel Dynamics and Borealis Motors won loans. The two firms used the money to keep them running."
    got = edges(result(nlp, text).triples)
    assert not {("Kestrel Dynamics", "keep", "Borealis Motors"), ("Borealis Motors", "keep", "Kestrel Dynamics")} & got


def test_we_in_a_quote_is_the_group_of_a_speaker_named_in_apposition(nlp):
    text = "\u201cThis is the best result for our members,\u201d said the general secretary of the union Unison, Tom Hale."
    res = result(nlp, text)
    assert "our" in mentions_of(res, "Unison")


def test_titles_coordinated_before_a_name_are_the_name_s(nlp):
    res = result(nlp, "Kestrel Dynamics won the contract. The company president and CEO Lena Ruiz praised the Navy.")
    got = edges(res.triples)
    assert ("Lena Ruiz", "praise", "Navy") in got
    assert not any(s.endswith("president") for s, _, _ in got)


def test_an_organisation_s_people_are_one_group_however_written(nlp):
    text = "Kestrel Motors will lay off 3,000 employees. The cuts equal a tenth of its workforce. Kestrel Motors' staff protested."
    res = result(nlp, text)
    groups = [e for e in res.entities if e.type == "GROUP"]
    assert [g.name for g in groups] == ["Kestrel Motors employees"]
    assert ("Kestrel Motors employees", AFFILIATION, "Kestrel Motors") in edges(res.triples)


def test_a_name_described_as_a_company_is_an_organisation(nlp):
    res = result(nlp, "Borealis sold its plant to Magna, a Canadian parts company.")
    assert entity(res, "Magna").type == "ORG"


def test_a_place_description_with_a_nationality_is_not_another_country(nlp):
    text = "Borealis sold its plant to Magna, a Canadian parts company. The premier of the German state of Hesse criticised Borealis."
    res = result(nlp, text)
    assert not any(o == "Canada" and r == AFFILIATION and s != "Magna" for s, r, o in edges(res.triples))


def test_it_after_a_thing_named_as_subject_is_the_thing_not_a_country(nlp):
    res = result(nlp, "After the tanker was repaired in Norway, it was sent to Chile.")
    assert not any(s == "Norway" and o == "Chile" for s, _, o in edges(res.triples))
    # an organisation that is the main subject stays the likelier "it"
    res = result(nlp, "Kestrel Dynamics said the deal was good. It will sue Borealis.")
    assert ("Kestrel Dynamics", "sue", "Borealis") in edges(res.triples)


def test_a_headline_s_bare_description_refers_like_a_definite_one(nlp):
    text = "Borealis Motors files for bankruptcy, Kestrel Dynamics to run company\n\nBorealis Motors filed for bankruptcy on Monday."
    assert ("Kestrel Dynamics", "run", "Borealis Motors") in edges(result(nlp, text).triples)
    # in running text a bare noun stays what it is
    text = "Borealis Motors filed for bankruptcy. Kestrel Dynamics wants to run company plants."
    assert not any(o == "Borealis Motors" for s, _, o in edges(result(nlp, text).triples) if s == "Kestrel Dynamics")


def test_headless_both_and_the_two_after_a_list(nlp):
    for subject in ("Both", "The two"):
        got = edges(result(nlp, f"Kestrel Motors and Borealis Auto reported losses. {subject} criticised the Treasury.").triples)
        assert {("Kestrel Motors", "criticise", "Treasury"), ("Borealis Auto", "criticise", "Treasury")} <= got


def test_both_men_after_two_people(nlp):
    got = edges(result(nlp, "Anna Berg and Lars Holm met in Oslo. Both men criticised Russia.").triples)
    assert {("Anna Berg", "criticise", "Russia"), ("Lars Holm", "criticise", "Russia")} <= got


def test_their_after_a_list_is_no_one_firm(nlp):
    res = result(nlp, "Toyota and Honda offered buyouts to their workforces.")
    assert not any(r == AFFILIATION for _, r, _ in edges(res.triples))


def test_them_for_things_is_no_actor(nlp):
    got = edges(result(nlp, "Qantas bought six jets from Boeing and then sold them to Virgin.").triples)
    assert ("Qantas", "sell", "Boeing") not in got
    got = edges(result(nlp, "Kestrel Motors makes trucks in Ohio. Borealis Auto sells them in Canada.").triples)
    assert ("Borealis Auto", "sell", "Kestrel Motors") not in got


def test_it_that_acts_is_an_actor_even_after_a_thing(nlp):
    got = edges(result(nlp, "Singapore bought the plane from France. After the plane was delivered, it thanked France.").triples)
    assert ("Singapore", "thank", "France") in got


def test_a_speaker_named_after_a_role_for_an_organisation(nlp):
    res = result(nlp, "\u201cWe will sue Ford,\u201d said a spokesman for Toyota, Ken Sato.")
    got = edges(res.triples)
    assert ("Ken Sato", AFFILIATION, "Toyota") in got
    assert ("Toyota", "sue", "Ford") in got
    assert not any(r == "be" and o == "Toyota" for s, r, o in got)


def test_employees_at_an_organisation_are_its_employees(nlp):
    res = result(nlp, "Employees at Kestrel Motors sued the company.")
    assert ("Kestrel Motors employees", AFFILIATION, "Kestrel Motors") in edges(res.triples)


def test_a_description_that_carries_a_name_of_its_own_refers_to_no_other_firm(nlp):
    text = "The United Auto Workers backed the plan. Kestrel is also seeking to sell the Delco Electronics parts group."
    sold = [o for s, r, o in edges(result(nlp, text).triples) if r == "sell"]
    assert sold and "United Auto Workers" not in sold


def test_a_name_and_the_noun_for_what_it_is_are_one_entity(nlp):
    res = result(nlp, "The Kestrel Workers union backed the plan. The Kestrel Workers said they were pleased. The union sued Ford.")
    assert [e.name for e in res.entities if "Kestrel" in e.name] == ["Kestrel Workers"]
    assert ("Kestrel Workers", "sue", "Ford") in edges(res.triples)


def test_lower_case_words_are_no_names(nlp):
    from spacy.tokens import Span

    doc = nlp("Kestrel Motors said the antenna failed in tests.")
    antenna = next(t.i for t in doc if t.text == "antenna")
    # the tagger's slip, as it makes on real news: a common noun labelled a person
    doc.ents = [*[e for e in doc.ents if e.end <= antenna or e.start > antenna], Span(doc, antenna, antenna + 1, label="PERSON")]
    res = analyze(doc, doc_id="t")
    assert "antenna" not in {e.name for e in res.entities}


def test_people_named_by_nationality_are_a_group_of_their_country(nlp):
    for text, group in (("Thousands of Peruvians protested against the mayor.", "Peruvians"), ("Crowds of Chileans marched in Santiago.", "Crowds of Chileans")):
        res = result(nlp, text)
        assert (group, AFFILIATION, "Peru" if "Peru" in text else "Chile") in edges(res.triples)
        assert not any(s in ("Peru", "Chile") for s, r, _ in edges(res.triples) if r != AFFILIATION)
    # a nationality word before a noun still names the country
    assert entity(result(nlp, "Japanese carmakers cut prices."), "Japanese carmakers").affiliation == "Japan"


def test_the_it_of_make_it_through_is_no_one(nlp):
    text = "Norway offered aid to Kestrel Motors. Kestrel Motors said that it can make it through this year."
    assert not any(r == "make" for s, r, o in edges(result(nlp, text).triples))


def test_a_name_built_or_developed_by_a_firm_is_a_product(nlp):
    res = result(nlp, "Borealis sued Kestrel Motors. The Aurora developed by Kestrel Motors rivals Borealis.")
    assert entity(res, "Aurora").type == "PRODUCT"


def test_a_firm_having_its_employees_is_a_membership_not_an_act(nlp):
    res = result(nlp, "Kestrel Motors has 5,000 employees. Kestrel Motors will lay off 300 employees.")
    got = edges(res.triples)
    assert ("Kestrel Motors employees", AFFILIATION, "Kestrel Motors") in got
    assert ("Kestrel Motors", "have", "Kestrel Motors employees") not in got
    assert ("Kestrel Motors", "lay off", "Kestrel Motors employees") in got


def test_a_role_with_its_own_name_keeps_it(nlp):
    res = result(nlp, "\u201cWe will tour in May,\u201d said the singer, Anna Berg, of the band Kestrel.")
    assert [t.subject for t in res.triples if t.relation == "say"] == ["Anna Berg"]


def test_an_it_that_undergoes_the_act_takes_up_a_thing_that_did(nlp):
    got = edges(result(nlp, "France signed the plan after it was amended by Germany.").triples)
    assert ("Germany", "amend", "France") not in got
    got = edges(result(nlp, "Kestrel bought the plant. It was renamed by Borealis.").triples)
    assert ("Borealis", "rename", "Kestrel") not in got


def test_a_short_name_the_tagger_calls_a_place_joins_the_organisation_it_starts(nlp):
    text = "Halden Systems sued Orbis Networks on Monday. Halden said Orbis had copied its router."
    assert nlp(text).ents[3].label_ == "GPE"  # what this test is about: the tagger's place
    res = result(nlp, text)
    names = {e.name for e in res.entities}
    assert "Halden" not in names
    assert ("Halden Systems", "say") in {(t.subject, t.relation) for t in res.triples}
    # a place where something happens stays a place
    res = result(nlp, "Halden Systems opened an office on Monday. Workers in Halden welcomed it.")
    assert "Halden" in {e.name for e in res.entities}


def test_a_short_name_before_a_country_and_a_generic_ending_is_the_same_office(nlp):
    # the short name comes first, and the long one only adds "Department"
    text = "The Treasury set out the plan on Monday. The Chile Treasury Department said the Treasury would act."
    res = result(nlp, text)
    assert "Treasury" not in {e.name for e in res.entities}, [(e.name, e.aliases) for e in res.entities]
    # a longer name that names a part of the firm, or a product, is not the firm
    res = result(nlp, "Kestrel reported a loss. Kestrel Commercial Aircraft, its jet unit, cut jobs.")
    assert {"Kestrel", "Kestrel Commercial Aircraft"} <= {e.name for e in res.entities}
    res = result(nlp, "Microsoft sued Google. Microsoft Office sales later fell.")
    assert ("Microsoft", "sue", "Google") in edges(res.triples), edges(res.triples)
    # across documents, the short name written for the office elsewhere joins it
    g = graph(nlp, "The Chile Treasury Department fined Volta Bank. The Treasury said so.", "The Treasury sued Harlow Bank.")
    assert "Treasury" not in g.entities, sorted(g.entities)


def test_a_description_in_a_headline_line_refers_forward_to_the_lead(nlp):
    text = "Chile's defence minister threatens to expel Peruvian envoy\n\nAna Ruiz, the defence minister of Chile, said on Monday that she would expel the envoy of Peru.\n"
    res = result(nlp, text)
    assert ("Ana Ruiz", "threaten to expel") in {(t.subject, t.relation) for t in res.triples}, edges(res.triples)
    text = "Norwegian carmaker sues Swedish rival\n\nKestrel Motors, a Norwegian carmaker, has sued Volta Auto of Sweden over a patent.\n"
    res = result(nlp, text)
    assert [t for t in res.triples if t.subject == "Kestrel Motors" and t.relation == "sue" and t.evidence.sentence.startswith("Norwegian")], edges(res.triples)
    # a sentence that ends with a full stop is no headline, and nothing before it is described
    res = result(nlp, "The carmaker sued its rival. Kestrel Motors, a Norwegian firm, said so.")
    assert not [t for t in res.triples if t.subject == "Kestrel Motors" and t.relation == "sue"], edges(res.triples)


def test_a_description_based_in_a_named_place_prefers_the_firm_with_that_name(nlp):
    text = (
        "Kestrel Motors will buy a stake in the assembly plant Gdynia Motor Works, officials said. "
        "Kestrel Motors plans to build small cars there. "
        "Kestrel Motors also makes vans in Ohio. "
        "The Polish government bought the Gdynia-based car maker from Volta Auto in 2006."
    )
    res = result(nlp, text)
    got = {(t.subject, t.relation, t.object) for t in res.triples}
    assert ("Poland", "buy", "Gdynia Motor Works") in got, sorted(got)


def test_a_firm_described_before_a_title_is_the_firm_named_last(nlp):
    res = result(nlp, "Volta Bank signed a deal with Kestrel Motors. The company chairman Tom Hale praised the deal.")
    assert ("Tom Hale", AFFILIATION, "Kestrel Motors") in edges(res.triples), edges(res.triples)
    assert "company chairman" not in {e.name for e in res.entities}
    res = result(nlp, "Kestrel Motors cut 500 jobs on Monday. The firm's chairman, Tom Hale, resigned.")
    assert ("Tom Hale", AFFILIATION, "Kestrel Motors") in edges(res.triples), edges(res.triples)


def test_names_taken_out_of_production_or_called_brands_are_products(nlp):
    res = result(nlp, "Kestrel Motors will drop the Vireo, the Kestrel Stratus and the Alder from production next year.")
    acts = [t for t in res.triples if t.subject == "Kestrel Motors" and t.interaction]
    assert not acts, [(t.subject, t.relation, t.object, t.interaction) for t in acts]
    res = result(nlp, "Kestrel Motors wants to sell the Vireo and Alder Motors vehicle brands.")
    assert not [t for t in res.triples if t.subject == "Kestrel Motors" and t.interaction], edges(res.triples)
    # a firm that builds vehicles is still a firm
    res = result(nlp, "Kestrel Motors sued Alder Vehicles over a patent.")
    assert [t for t in res.triples if t.object == "Alder Vehicles" and t.interaction]


def test_the_last_word_of_a_title_is_no_organisation(nlp):
    res = result(nlp, "Chile's Secretary of State Lena Ruiz met Peru's foreign minister in Lima.")
    assert "State" not in {e.name for e in res.entities}, [(e.name, e.type) for e in res.entities]
    assert ("Lena Ruiz", AFFILIATION, "Chile") in edges(res.triples), edges(res.triples)


def test_a_nationality_word_the_tagger_calls_a_name_is_its_country(nlp):
    text = "Moldovan opposition leader Ana Rusu has accused the government of buying votes. The government denied it."
    assert any(e.text == "Moldovan" and e.label_ in ("PERSON", "ORG") for e in nlp(text).ents)  # what this is about
    res = result(nlp, text)
    got = edges(res.triples)
    assert ("Ana Rusu", "accuse", "Moldova") in got, got
    assert ("Ana Rusu", AFFILIATION, "Moldova") in got


def test_an_opposition_leader_s_we_is_not_the_state(nlp):
    text = "Moldovan opposition leader Ana Rusu spoke on Monday. \u201cWe will not accept this result,\u201d she said."
    res = result(nlp, text)
    assert not [t for t in res.triples if t.subject == "Moldova" and t.relation == "accept"], edges(res.triples)
    # a minister's "we" is the state's
    text = "Moldovan Foreign Minister Ana Rusu spoke on Monday. \u201cWe will not accept this result,\u201d she said."
    res = result(nlp, text)
    assert [t for t in res.triples if t.subject == "Moldova" and t.relation == "accept"], edges(res.triples)


def test_a_state_s_ministry_is_the_state_acting(nlp):
    text = "Riot police clashed with protesters in Chisinau. Moldova's foreign ministry condemned the violence. The US state department urged Moldova to hold talks."
    got = edges(result(nlp, text).triples)
    assert ("Moldova", "condemn", "violence") in got, got
    assert ("United States", "urge", "Moldova") in got, got
    # a named department stays itself
    got = edges(result(nlp, "The Treasury Department fined Kestrel Bank on Monday.").triples)
    assert ("Treasury Department", "fine", "Kestrel Bank") in got, got


def test_a_name_in_apposition_to_a_person_s_role_is_a_person(nlp):
    text = "President Tomas Varga dismissed the claims. His spokesman, Piotr Lenk, said the vote had been fair."
    assert any(e.text == "Piotr Lenk" and e.label_ == "ORG" for e in nlp(text).ents)  # what this is about
    res = result(nlp, text)
    assert {e.name: e.type for e in res.entities}.get("Piotr Lenk") == "PERSON"
    # a firm can be an adviser
    res = result(nlp, "The minister's adviser, Goldman Sachs, recommended the sale.")
    assert {e.name: e.type for e in res.entities}.get("Goldman Sachs") == "ORG"


def test_a_role_description_may_name_the_one_person_given_that_title_later(nlp):
    text = "\u201cThe president must order a recount,\u201d Ana Rusu said. President Tomas Varga rejected the demand on Monday."
    got = edges(result(nlp, text).triples)
    assert ("Tomas Varga", "order", "recount") in got, got
    # with two presidents named, it stays unresolved
    text = "\u201cThe president must order a recount,\u201d Ana Rusu said. President Tomas Varga met President Jan Holm."
    assert not [t for t in result(nlp, text).triples if t.relation == "order" and t.subject in ("Tomas Varga", "Jan Holm")]


def test_a_counterpart_of_a_nationality_belongs_to_its_country(nlp):
    text = "Romanian Foreign Minister Jan Holm met his Moldovan counterpart on Monday."
    got = edges(result(nlp, text).triples)
    assert ("Moldovan counterpart", AFFILIATION, "Moldova") in got, got


def test_a_capital_that_acts_is_its_state(nlp):
    text = "Baku said three of its soldiers were wounded. Moscow condemned the attack. Talks were later held in Moscow."
    res = result(nlp, text)
    got = edges(res.triples)
    assert ("Russia", "condemn", "attack") in got, got
    assert "Baku" in dict({e.name: e for e in res.entities}["Azerbaijan"].aliases)
    # a place where something happens stays the city
    assert any(o == "Moscow" for _, _, o in got), got
    # a capital acting on a city that is no capital is the city's side ("Madrid beat Barcelona")
    got = edges(result(nlp, "Madrid beat Barcelona 2-1 on Sunday.").triples)
    assert not any(s == "Spain" for s, _, _ in got), got
    # a surname is no capital, nor is a first name
    got = edges(result(nlp, "George Washington led the army. Washington said he was proud.").triples)
    assert not any(s == "United States" for s, _, _ in got), got
    got = edges(result(nlp, "Paris Hilton met Nicky Hilton. Paris said she was happy.").triples)
    assert not any(s == "France" for s, _, _ in got), got
    # a capital's mayor is the city's; a capital that seats a union is not its country
    got = edges(result(nlp, "London's mayor Sadiq Khan criticised the plan.").triples)
    assert ("Sadiq Khan", AFFILIATION, "London") in got, got
    got = edges(result(nlp, "Brussels called on Hungary to respect the ruling.").triples)
    assert not any(s == "Belgium" for s, _, _ in got), got
    assert ("European Union", "call on", "Hungary") in got, got  # the union it seats
    got = edges(result(nlp, "EU ministers met in Brussels on Monday.").triples)
    assert any(o == "Brussels" for _, _, o in got), got  # where something happens: the city
    # capitals joined by "and" both act; an untagged capital too
    res = result(nlp, "Ottawa and Washington signed a trade deal. Kyiv said the deal was good.")
    assert ("Canada", "sign deal with", "United States") in edges(res.triples), edges(res.triples)
    assert any(t.subject == "Ukraine" and t.relation == "say" for t in res.triples)


def test_a_capital_addressed_by_a_verbal_act_is_its_state(nlp):
    # accused, urged, warned, called on, talks with: the state; visited, struck, in: the city
    for text, edge in [
        ("Prime Minister Dan Orlov accused Vilnius of inventing a crisis.", ("Dan Orlov", "accuse", "Lithuania")),
        ("Ankara called on Moscow to withdraw its troops.", ("Turkey", "call on", "Russia")),
        ("Washington praised Kyiv for its restraint.", ("United States", "praise", "Ukraine")),
    ]:
        got = edges(result(nlp, text).triples)
        assert edge in got, (text, got)
    for text in ("The Turkish president visited Moscow in May.", "Missiles struck Kyiv overnight.", "Talks were held in Moscow."):
        got = edges(result(nlp, text).triples)
        assert not any(o in ("Russia", "Ukraine") for _, _, o in got), (text, got)


def test_an_embassy_acting_or_attacked_is_its_state(nlp):
    got = edges(result(nlp, "Protesters stormed the Swedish embassy in Baghdad.").triples)
    assert ("protesters", "storm", "Sweden") in got, got
    got = edges(result(nlp, "The US embassy in Kyiv condemned the attack.").triples)
    assert ("United States", "condemn", "attack") in got, got
    # the place of a meeting stays the building
    got = edges(result(nlp, "Students met at the French embassy.").triples)
    assert not any("France" in (s, o) for s, _, o in got), got


def test_an_honorific_makes_a_name_a_person_whatever_the_tagger_said(nlp):
    text = "Kenyan President William Ruto has dismissed his interior minister. In a televised address on Thursday, Mr Ruto said the government had listened."
    assert any(e.text == "Mr Ruto" and e.label_ != "PERSON" for e in nlp(text).ents)  # what this is about
    res = result(nlp, text)
    assert "Mr Ruto" not in {e.name for e in res.entities}
    assert ("William Ruto", "say") in {(t.subject, t.relation) for t in res.triples}


def test_plural_places_are_no_group(nlp):
    res = result(nlp, "China warned Japan over the disputed islands. Japan sent ships to the islands.")
    assert not [e for e in res.entities if e.type == "GROUP" and "island" in e.name], [(e.name, e.type) for e in res.entities]
    # firms named by their kind are
    res = result(nlp, "Several carmakers protested against the new tax.")
    assert [e for e in res.entities if e.type == "GROUP" and "carmakers" in e.name]


def test_a_given_name_and_a_surname_written_after_an_honorific_are_a_person(nlp):
    text = (
        "The leader of the Northern Miners' Union, Helen Price, has vowed to fight plans by Harlow Coal to close three pits. "
        "\u201cThese closures will destroy our towns,\u201d Ms Price said on Tuesday."
    )
    assert any(e.text == "Helen Price" and e.label_ != "PERSON" for e in nlp(text).ents)  # what this is about
    people = [e for e in result(nlp, text).entities if "Price" in e.name]
    assert [(e.name, e.type) for e in people] == [("Helen Price", "PERSON")], [(e.name, e.type) for e in people]


def test_an_unnamed_state_office_belongs_to_the_country_the_text_speaks_of(nlp):
    g = graph(
        nlp,
        "Kenya's opposition marched on Monday. The president criticised the protesters.",
        "Chile held elections on Sunday. The president praised the voters.",
    )
    names = set(g.entities)
    # one article's president is not another's
    assert {"Kenya president", "Chile president"} <= names, sorted(names)
    # so do its police and troops
    res = result(nlp, "Kenya's opposition marched on Monday. Police fired tear gas at the marchers.")
    assert ("Kenya police", AFFILIATION, "Kenya") in edges(res.triples), edges(res.triples)
    # nor the country the office holder acts on
    res = result(nlp, "The president refused to sanction Venezuela.")
    assert "Venezuela president" not in {e.name for e in res.entities}
    # a role of something named after it is left alone
    res = result(nlp, "Chile held elections. The president of the football club resigned.")
    assert "Chile president" not in {e.name for e in res.entities}


def test_both_countries_far_from_a_list_are_the_two_the_text_is_about(nlp):
    text = (
        "Armenia accused Azerbaijan of shelling villages on Monday. Azerbaijan denied the claim. "
        "Armenia said two soldiers died. Azerbaijan said its troops had only returned fire. "
        "France, which co-chairs a peace group with Russia and the United States, offered to host talks. "
        "Turkey blamed Armenia for the violence. Protesters marched in Yerevan. "
        "Iran, which borders both countries, offered to mediate."
    )
    got = edges(result(nlp, text).triples)
    assert ("Iran", "border", "Armenia") in got and ("Iran", "border", "Azerbaijan") in got, got
    assert not any(s == "Iran" and r == "border" and o in ("Russia", "United States") for s, r, o in got)


def test_a_maker_named_before_what_it_makes_stays_the_maker(nlp):
    got = edges(result(nlp, "The army bought 40 Lockheed helicopters.").triples)
    assert any(o == "Lockheed" for _, _, o in got), got
    res = result(nlp, "Ford dropped the Mercury and Lincoln brands.")
    assert not [t for t in res.triples if t.interaction], edges(res.triples)


def test_more_collective_nouns_are_group_actors(nlp):
    text = "Border guards fired at smugglers on Friday. Villagers later confronted the kidnappers, and lawyers for the dissidents sued the police."
    types = {e.name: e.type for e in result(nlp, text).entities}
    for name in ("smugglers", "Villagers", "kidnappers", "lawyers"):
        assert any(k.lower() == name.lower() and v == "GROUP" for k, v in types.items()), (name, types)


def test_both_sides_are_the_two_the_text_sets_against_each_other(nlp):
    text = "Armenia and Azerbaijan clashed again on Monday. The European Union urged both sides to show restraint."
    got = edges(result(nlp, text).triples)
    assert ("European Union", "urge", "Armenia") in got and ("European Union", "urge", "Azerbaijan") in got, got
    # "the two neighbours" are states: not the people named since
    text = "Armenia accused Azerbaijan of shelling a village. Its envoy, Lena Aro, later met Azerbaijan's foreign minister, Ilham Aliyev, and offered to mediate between the two neighbours."
    got = edges(result(nlp, text).triples)
    assert {o for _, r, o in got if r.startswith("offer to mediate")} == {"Armenia", "Azerbaijan"}, got


def test_a_name_followed_by_of_belongs_to_what_follows(nlp):
    got = edges(result(nlp, "President Emmanuel Macron of France met Olaf Scholz.").triples)
    assert ("Emmanuel Macron", AFFILIATION, "France") in got, got
    got = edges(result(nlp, "Jane Doe of Reuters asked the minister a question.").triples)
    assert ("Jane Doe", AFFILIATION, "Reuters") in got, got


def test_his_government_is_the_country_of_the_person_it_names(nlp):
    text = "Prime Minister Dan Orlov of Belarus rejected the claims. His government also expelled three Lithuanian diplomats."
    got = edges(result(nlp, text).triples)
    assert ("Belarus", "expel", "Lithuanian diplomats") in got, got
    # with no country for the person, the phrase stays what it was
    got = edges(result(nlp, "Dan Orlov rejected the claims. His government also expelled three Lithuanian diplomats.").triples)
    assert not any(s == "Belarus" for s, _, _ in got), got


def test_its_role_in_apposition_belongs_to_what_its_names(nlp):
    text = "The Kremlin denied any involvement. Its spokesman, Dmitry Peskov, told reporters that Moscow did not interfere."
    got = edges(result(nlp, text).triples)
    assert ("Dmitry Peskov", AFFILIATION, "Kremlin") in got, got


def test_a_ministry_with_a_nationality_is_that_state_not_a_firm_named_before(nlp):
    text = "Sudan's army and the Rapid Support Forces have agreed to send envoys to Jeddah for talks, the Saudi foreign ministry said on Thursday."
    res = result(nlp, text)
    assert {t.attributed_to for t in res.triples if t.relation.startswith("agree")} == {"Saudi Arabia"}, [(t.relation, t.attributed_to) for t in res.triples]


def test_weapons_that_act_stand_for_whose_they_are(nlp):
    got = edges(result(nlp, "Russian missiles struck Kyiv overnight.").triples)
    assert any(s == "Russia" and r == "strike" for s, r, _ in got), got
    got = edges(result(nlp, "Israeli jets bombed targets in Gaza.").triples)
    assert ("Israel", "bomb", "targets") in got, got
    # a weapon with no one before it stays a thing
    got = edges(result(nlp, "The missiles struck Kyiv overnight.").triples)
    assert not any(s in ("Russia", "Israel") for s, _, _ in got), got


def test_a_bare_state_body_is_the_one_named_with_its_country_before(nlp):
    text = "Sudan's army bombed the airport. Egypt, which backs the army, evacuated its citizens."
    got = edges(result(nlp, text).triples)
    assert ("Egypt", "back", "Sudan army") in got, got
    # an amount of force is no group; the old regime is not the state acting now
    got = edges(result(nlp, "Kenya police arrested 20 protesters. Uganda said the police had used too much force.").triples)
    assert not any("force" in o and o != "too much force" for _, _, o in got), got
    got = edges(result(nlp, "Sudan's army bombed the airport. Dagalo accused the army of trying to restore the old regime.").triples)
    assert not any(o == "Sudan" and r == "restore" for _, r, o in got), got


def test_a_capital_tagged_a_person_is_the_place(nlp):
    text = "Erdogan's visit to Vilnius was his first trip abroad since May. He is also expected to meet Joe Biden."
    got = edges(result(nlp, text).triples)
    assert any(s == "Erdogan" and r == "meet" for s, r, _ in got), got


def test_whose_government_is_the_country_of_the_name_before(nlp):
    text = "Erdogan will meet US President Joe Biden, whose administration has signalled that it will sell F-16 jets to Turkey."
    res = result(nlp, text)
    assert not any("whose" in e.name for e in res.entities), [e.name for e in res.entities]
    assert any(t.subject == "United States" and t.relation == "signal" for t in res.triples), edges(res.triples)


def test_a_capital_led_to_act_is_its_state(nlp):
    text = "Protesters burned flags outside the Turkish embassy in Stockholm, prompting Ankara to suspend talks with Sweden."
    got = edges(result(nlp, text).triples)
    assert any(s == "Turkey" and r.startswith("suspend") and o == "Sweden" for s, r, o in got), got


def test_a_name_after_a_firm_descriptor_is_a_firm_not_a_person(nlp):
    text = "Its web store passed U.S. furniture retailer Dunmore Hale in sales."
    res = result(nlp, text)
    e = {x.name: x for x in res.entities}["Dunmore Hale"]
    assert e.type == "ORG" and e.affiliation is None, e


def test_a_group_from_an_organisation_or_country_belongs_to_it(nlp):
    got = edges(result(nlp, "Trade ministers from the G20 met in Ottawa on Friday.").triples)
    assert ("trade ministers from G20", AFFILIATION, "G20") in got, got


def test_one_of_a_nationality_is_its_people_not_the_state(nlp):
    text = 'Mr Odinga told the rally: "We are asking every Kenyan to join us on the streets."'
    got = {e for e in edges(result(nlp, text).triples) if e[1] != AFFILIATION}
    assert not any("Kenya" in (s, o) for s, _, o in got), got
    assert ("Odinga", "ask", "Kenyans") in got, got


def test_both_sides_are_not_those_who_speak_to_them(nlp):
    text = (
        "Armenia accused Azerbaijan of shelling a village on Monday. "
        "The United States and Britain issued a joint statement urging both sides to exercise restraint."
    )
    got = edges(result(nlp, text).triples)
    assert ("United States", "urge", "Armenia") in got and ("United States", "urge", "Azerbaijan") in got, got
    assert ("United States", "urge", "United Kingdom") not in got, got


def test_a_name_set_off_after_an_event_noun_is_not_the_event(nlp):
    text = "A dispute has come up between the maker of the scooter (which was shown on Monday for the first time) - Orvo Ltd. - and a leader in bicycle parts."
    res = result(nlp, text)
    assert not any(t.subject == "Orvo Ltd." and t.relation.startswith("come up") for t in res.triples), edges(res.triples)
    assert not any(t.relation == "be" and t.object == "dispute" for t in res.triples), edges(res.triples)


def test_the_city_of_a_place_is_the_place(nlp):
    got = edges(result(nlp, "Russian forces shelled the city of Kharkiv overnight, Ukrainian officials said.").triples)
    assert ("Russian forces", "shell", "Kharkiv") in got, got
    # a nationality the tagger took for a place is the country's
    assert ("Ukrainian officials", AFFILIATION, "Ukraine") in got, got
    got = edges(result(nlp, "The governor of the state of Ohio met the mayor.").triples)
    assert ("governor of Ohio", AFFILIATION, "Ohio") in got, got


def test_women_and_children_are_groups(nlp):
    res = result(nlp, "The Taliban banned women from working for aid agencies.")
    t = next(t for t in res.triples if t.relation == "ban" and t.object == "women")
    assert t.object_type == "GROUP" and t.interaction == "material conflict", t


def test_a_state_office_with_no_country_is_held_in_the_country_just_spoken_of(nlp):
    text = "Germany, whose carmakers sell heavily in China, had opposed the tariffs. Chancellor Olaf Scholz warned that a trade war would hurt both sides."
    got = edges(result(nlp, text).triples)
    assert ("Olaf Scholz", AFFILIATION, "Germany") in got, got
    # not when the sentence before was about someone else
    text = "Kestrel Motors cut 500 jobs in Germany. Chancellor Olaf Scholz warned that a trade war would hurt both sides."
    got = edges(result(nlp, text).triples)
    assert not any(s == "Olaf Scholz" and r == AFFILIATION for s, r, _ in got), got
    # nor when another country takes part in it (the one acted on may be the office's)
    text = "Russia launched missiles at Kyiv overnight. President Volodymyr Zelensky said the attack killed three people."
    got = edges(result(nlp, text).triples)
    assert not any(s == "Volodymyr Zelensky" and r == AFFILIATION for s, r, _ in got), got


def test_the_commission_is_the_commission_named_before(nlp):
    text = "Paris will work with the European Commission on the case. The Commission said it would challenge the duties."
    got = edges(result(nlp, text).triples)
    assert ("European Commission", "challenge", "duties") in got, got


def test_a_capitalised_role_of_several_words_in_apposition_names_the_employer(nlp):
    text = "Fritz Holm, the Chief Executive Officer of Kestrel Motors, said the company would survive."
    got = edges(result(nlp, text).triples)
    assert ("Fritz Holm", AFFILIATION, "Kestrel Motors") in got, got


def test_a_thing_said_to_be_a_named_firm_is_no_antecedent_of_its(nlp):
    # "the biggest loser" is Halvorsen Motors, so "its value" is the firm's, not the loser's
    res = result(nlp, "Stocks fell in Toronto. The biggest loser was Halvorsen Motors, which lost more than 30% of its value.")
    assert "its" in mentions_of(res, "Halvorsen Motors")


def test_a_legal_form_after_a_comma_is_the_firm_before_it(nlp):
    res = result(nlp, "Stocks fell in Toronto. Halvorsen Motors, Inc. was the biggest faller, with its loss of 27% taking the company to a new low.")
    assert not [e for e in res.entities if e.name in ("Inc.", "Inc")], [e.name for e in res.entities]
    assert {"its", "the company"} <= mentions_of(res, "Halvorsen Motors")
    res = result(nlp, "Stocks fell in Toronto. Halvorsen Motors, Inc. sued Brandt Industries.")
    assert ("Halvorsen Motors", "sue", "Brandt Industries") in edges(res.triples)


def test_an_institution_of_a_kind_of_its_own_is_no_firm_named_before(nlp):
    res = result(nlp, "Goldman Sachs said profits rose. The central bank raised interest rates on Tuesday.")
    assert not [t for t in res.triples if t.subject == "Goldman Sachs" and t.relation == "raise"], edges(res.triples)
    # a name that says what kind it is is the one meant
    res = result(nlp, "The Central Bank of Peru met on Monday. The central bank raised interest rates on Tuesday.")
    assert ("Central Bank of Peru", "raise", "interest rates") in edges(res.triples)


@pytest.mark.parametrize(
    "text, subject, obj",
    [
        ("Ghana's electoral commission rejected the opposition's complaint.", "Ghana electoral commission", "opposition"),
        ("The mayor praised firefighters for their bravery.", "mayor", "firefighters"),
        ("A man attacked a police officer in Lyon.", "man", "police officer"),
    ],
)
def test_institutions_and_people_named_by_what_they_do_are_actors(nlp, text, subject, obj):
    res = result(nlp, text)
    t = next((x for x in res.triples if x.subject == subject and x.object == obj), None)
    assert t is not None and t.interaction not in (None, "neutral"), [(x.subject, x.relation, x.object, x.interaction) for x in res.triples]


def test_a_capitalised_title_without_a_name_is_a_role(nlp):
    # read as its lower-case form: the person given the title, else a role of the country
    res = result(nlp, "Prime Minister Ola Berg arrived in Oslo on Monday. Later the Prime Minister criticised Denmark.")
    t = next((x for x in res.triples if x.object == "Denmark"), None)
    assert t is not None and t.subject == "Ola Berg" and t.interaction == "verbal conflict", edges(res.triples)
    res = result(nlp, "Sweden's Prime Minister has invited her Finnish counterpart to Stockholm.")
    t = next((x for x in res.triples if x.relation == "invite" and x.object == "Finnish counterpart"), None)
    assert t is not None and t.interaction == "verbal cooperation", edges(res.triples)
    assert (t.subject, "member of", "Sweden") in edges(res.triples)
    assert not [x for x in res.triples if x.kind == AFFILIATION and x.object == "Prime"]
    res = result(nlp, "The Pope met refugees on Lesbos.")
    t = next((x for x in res.triples if x.object == "refugees"), None)
    assert t is not None and t.interaction == "verbal cooperation", edges(res.triples)
    # where the meeting was is no partner
    assert not [x for x in res.triples if x.object == "Lesbos" and x.interaction], edges(res.triples)


def test_a_bare_role_and_the_role_of_a_country_are_one(nlp):
    text = (
        "The President can remind voters what the plan would do. "
        "It is important that they hear from the President of the United States about the plan."
    )
    res = result(nlp, text)
    names = {e.name for e in res.entities}
    assert "President" not in names and any(n.startswith("President of") for n in names), names


@pytest.mark.parametrize(
    "text, person, org",
    [
        ("Tim Ward will serve as the interim chief executive of Kestrel Bank.", "Tim Ward", "Kestrel Bank"),
        ("Kestrel Bank appointed Ana Ruiz as its chief executive on Monday.", "Ana Ruiz", "Kestrel Bank"),
    ],
)
def test_a_role_one_is_cast_in_names_what_one_belongs_to(nlp, text, person, org):
    res = result(nlp, text)
    assert (person, "member of", org) in edges(res.triples), edges(res.triples)
    # the role is the person's, not a group of its own
    assert not [e for e in res.entities if e.type == "GROUP" and "chief executive" in e.name], [e.name for e in res.entities]


def test_a_role_one_is_seen_as_is_no_title(nlp):
    res = result(nlp, "Moscow regards Ana Ruiz as a rival.")
    assert "rival" not in entity(res, "Ana Ruiz").titles


def test_a_description_takes_up_the_unnamed_phrase_with_its_noun(nlp):
    text = "Norway's environment agency has fined Kestrel Energy after a spill. The agency said the company had ignored warnings."
    res = result(nlp, text)
    said = next((t for t in res.triples if t.relation == "say"), None)
    assert said is not None and said.subject != "Kestrel Energy" and "agency" in said.subject, edges(res.triples)


def test_a_pronoun_finds_a_name_after_an_honorific(nlp):
    # "Ms Lind": the name is Lind's although the tagger's entity starts at "Ms"
    text = "Ms Lind met Energy Minister Tor Aas on Friday. The minister later said he had asked her to present a plan."
    res = result(nlp, text)
    assert any(t.relation == "ask" and t.object == "Lind" for t in res.triples), edges(res.triples)
