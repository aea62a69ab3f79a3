"""Stages 3 to 6 for one component: size, price, judge by the rules, measure the criteria, and keep
the eligible candidates as columns with every exclusion and its reason."""
