"""Made-up mandates at any scale, for load tests and for showing that a page's cost does
not grow with the data.

Each generated mandate is `gen-<n>` and runs one HEE year (April to March), as real
mandates do: gen-1 the year containing `today`, gen-2 the year before, and so on. Each has
themes, objectives (most with an owner), its reporting quarters, and progress updates
spread over its year with a realistic mix (devtools.generator.updates).

It is fast because it writes in bulk, a batch at a time (devtools.generator.rows). A bulk
insert writes no history, and the summaries read progress from the history table
(summaries.summary.as_recorded), so every update gets its history version too: history
type "+", dated when the update was recorded, by its author, with the reason
"Generated". Everything is one transaction: a failed run leaves nothing behind. It only
ever adds: if a mandate it would make exists already it refuses and changes nothing.

The parts: names (the made-up words), rows (writing rows without the ORM), updates (an
objective's course of progress), build (generate() itself).
"""

from devtools.generator.build import BATCH_SIZE, GenerateReport, GeneratorError, generate

__all__ = ["BATCH_SIZE", "GenerateReport", "GeneratorError", "generate"]
