package dev.copilotj.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A bag of measurements of one metric for one client; median and p95 by nearest rank. */
final class Samples {

  private final List<Double> values = new ArrayList<>();

  void add(double value) {
    values.add(value);
  }

  void addAll(Samples other) {
    values.addAll(other.values);
  }

  int size() {
    return values.size();
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  double median() {
    return percentile(50);
  }

  double p95() {
    return percentile(95);
  }

  double min() {
    return sorted()[0];
  }

  double max() {
    double[] s = sorted();
    return s[s.length - 1];
  }

  /** Nearest-rank percentile; the median of an even count is the mean of the two middle values. */
  double percentile(double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] s = sorted();
    if (p == 50 && s.length % 2 == 0) {
      return (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
    int rank = (int) Math.ceil(p / 100.0 * s.length);
    return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
  }

  /** The values in the order they were measured, for {@code --print-samples}. */
  String inOrder() {
    StringBuilder out = new StringBuilder();
    for (double v : values) {
      out.append(out.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", v));
    }
    return out.toString();
  }

  private double[] sorted() {
    double[] s = new double[values.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = values.get(i);
    }
    Arrays.sort(s);
    return s;
  }
}
