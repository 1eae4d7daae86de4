# The R reference for tests/outcomes_km.rs (R 4.2.2, survival 3.5.3): prints the values the test
# pins. Run with `Rscript tests/r/outcomes_km.R` where R and the survival package are installed
# (apt-get install r-base-core r-cran-survival).
suppressMessages(library(survival))

# 60 people in three groups, generated as the test generates them.
i <- 0:59
time <- (i * 37) %% 53 + 1
event <- as.integer((i * 7) %% 5 != 0)
group <- c("a", "b", "c")[i %% 3 + 1]
g <- survfit(Surv(time, event) ~ group)
st <- rep(names(g$strata), g$strata)
for (k in seq_along(g$time)) {
  cat(sprintf("(\"%s\", %d, %d, %d, %d, %.17g, %.17g, %.17g, %.17g),\n",
      sub("group=", "", st[k]), as.integer(g$time[k]), as.integer(g$n.risk[k]),
      as.integer(g$n.event[k]), as.integer(g$n.censor[k]), g$surv[k], g$std.err[k],
      ifelse(is.na(g$lower[k]), -1, g$lower[k]), ifelse(is.na(g$upper[k]), -1, g$upper[k])))
}
d <- survdiff(Surv(time, event) ~ group)
cat(sprintf("chisq %.17g df %d p %.17g\n", d$chisq, length(d$n) - 1,
            pchisq(d$chisq, length(d$n) - 1, lower.tail = FALSE)))
cat(sprintf("expected %s\n", paste(sprintf("%.17g", d$exp), collapse = ", ")))

# A clear difference between two groups.
t <- c(1:30, (0:39 * 3) %% 97 + 5)
e <- c(rep(1, 30), as.integer(0:39 %% 4 != 0))
g2 <- c(rep("x", 30), rep("y", 40))
d2 <- survdiff(Surv(t, e) ~ g2)
cat(sprintf("chisq %.17g p %.17g\n", d2$chisq, pchisq(d2$chisq, 1, lower.tail = FALSE)))
