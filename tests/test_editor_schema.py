"""The published editor schemas (schema/*.schema.json): standard JSON Schema, described fields, one error per problem."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

from advisor.inputs.editor_schema import PUBLISHED, editor_schema, editor_schema_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.toml") if "workload" in tomllib.loads(p.read_text()))


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_the_published_schema_is_the_generated_one(name):
    published = ROOT / "schema" / PUBLISHED[name][0]
    assert published.read_text(encoding="utf-8") == editor_schema_text(name), (
        f"{published} is out of date: run `advisor schema --write schema`")


def _walk(node, path=""):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}/{i}")


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_the_schema_is_draft_2020_12_without_openapi_keywords_and_every_field_is_described(name):
    schema = editor_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert not [p for p, node in _walk(schema) if "discriminator" in node]
    declarations = [(p, node) for p, node in _walk(schema) if isinstance(node.get("properties"), dict) and not p.endswith("/if")]
    undescribed = [f"{p}/{field}" for p, node in declarations for field, spec in node["properties"].items()
                   if "description" not in spec]
    assert len(declarations) >= 2  # the top level and at least one nested table
    assert undescribed == []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_workload_is_valid_under_the_published_schema(example):
    validator = jsonschema.Draft202012Validator(editor_schema("workload"))
    assert [e.message for e in validator.iter_errors(tomllib.loads(example.read_text()))] == []


def _errors(mutate) -> list[jsonschema.ValidationError]:
    data = tomllib.loads((ROOT / "examples" / "seed-llama3-8b.toml").read_text())
    mutate(data["components"][0])
    return list(jsonschema.Draft202012Validator(editor_schema("workload")).iter_errors(data))


def test_a_misspelt_key_inside_a_component_is_one_error_at_that_component():
    [error] = _errors(lambda c: c.update(peak_to_avrage=2))
    assert list(error.absolute_path) == ["components", 0] and "'peak_to_avrage' was unexpected" in error.message


def test_a_misspelt_kind_is_one_error_listing_the_kinds():
    [error] = _errors(lambda c: c.update(kind="inferense"))
    assert error.message == "'inferense' is not one of ['inference', 'batch-inference', 'fine-tune', 'training']"


def test_a_training_key_on_an_inference_component_is_refused_by_the_inference_branch_only():
    [error] = _errors(lambda c: c.update(training_tokens=1e9))
    assert "'training_tokens' was unexpected" in error.message


def test_advisor_validate_reports_a_misspelt_required_key_as_one_problem(tmp_path):
    from advisor.errors import InputError
    from advisor.inputs.tomlfile import validate
    from advisor.model.workload import Workload

    data = tomllib.loads((ROOT / "examples" / "seed-llama3-8b.toml").read_text())
    data["components"][0]["outptu_tokens_per_month"] = data["components"][0].pop("output_tokens_per_month")
    with pytest.raises(InputError) as err:
        validate(Workload, data, "w.toml")
    assert err.value.problems == [
        "components[0].outptu_tokens_per_month: unknown key (did you mean 'output_tokens_per_month'?); "
        "'output_tokens_per_month' is required"]


def test_schema_command_prints_the_editor_schema_and_writes_the_published_files(tmp_path):
    from click.testing import CliRunner

    from advisor.cli import cli

    printed = CliRunner().invoke(cli, ["schema", "workload"])
    assert json.loads(printed.stdout) == editor_schema("workload")
    written = CliRunner().invoke(cli, ["schema", "--write", str(tmp_path)])
    assert written.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f for f, _, _ in PUBLISHED.values())


SITES_FILES = sorted(p for p in (ROOT / "examples").glob("*.toml") if "sites" in tomllib.loads(p.read_text()))


def _as_editors_see_it(value):
    """TOML dates as the strings (format 'date') an editor's JSON Schema validator checks, as taplo does."""
    import datetime

    if isinstance(value, dict):
        return {k: _as_editors_see_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editors_see_it(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


@pytest.mark.parametrize("example", SITES_FILES, ids=lambda p: p.name)
def test_every_example_sites_file_is_valid_under_the_published_sites_schema(example):
    validator = jsonschema.Draft202012Validator(editor_schema("sites"))
    assert [e.message for e in validator.iter_errors(_as_editors_see_it(tomllib.loads(example.read_text())))] == []


def test_a_misspelt_server_key_in_a_sites_file_is_one_error_at_that_server_and_advisor_says_the_same_once():
    from advisor.errors import InputError
    from advisor.inputs.sites import SitesFile
    from advisor.inputs.tomlfile import validate

    assert len(SITES_FILES) >= 3
    data = _as_editors_see_it(tomllib.loads((ROOT / "examples" / "sites.toml").read_text()))
    server = data["sites"][0]["servers"][0]
    server["accelerator_per_server"] = server.pop("accelerators_per_server", 4)
    [error] = jsonschema.Draft202012Validator(editor_schema("sites")).iter_errors(data)
    assert list(error.absolute_path) == ["sites", 0, "servers", 0]
    assert "'accelerator_per_server' was unexpected" in error.message
    with pytest.raises(InputError) as err:
        validate(SitesFile, data, "sites.toml")
    assert err.value.problems == [
        "sites[0].servers[0].accelerator_per_server: unknown key (did you mean 'accelerators_per_server'?)"]


def test_the_sites_schema_describes_the_server_and_quote_tables_editors_complete():
    schema = editor_schema("sites")
    server, quote = schema["$defs"]["Server"], schema["$defs"]["EdgeQuote"]
    assert server["properties"]["accelerators_per_server"]["description"].startswith("Accelerators in each server")
    assert quote["properties"]["quoted_on"] == {"type": "string", "format": "date",
                                                "description": "Date of the quote (YYYY-MM-DD); its age is shown with the price."}
    assert schema["properties"]["sites"]["minItems"] == 1
