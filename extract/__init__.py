"""Clean documents → facts (actors, stages, rates, policies) with evidence spans."""
