// Metrics registry: counters and histograms with labels, plus scrape-time gauges, written
// out in the Prometheus text exposition format (version 0.0.4).
//
// Label cardinality is bounded per family: once a family holds `max_series` label
// combinations, new combinations are counted under one series whose every label value is
// "_other" (so a bug that labels by raw path cannot grow memory without limit). Callers
// label by bounded sets only (route patterns, methods, statuses), never raw paths or keys.
//
// Thread safety: families are registered at start-up (before serving) and live as long as
// the registry; inc()/observe() and expose() are safe from any thread (each family has its
// own mutex, held only for a map update). Collectors run on the scraping thread, without
// any registry lock held.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace bolna::metrics {

using Labels = std::vector<std::string>;  // values, in the family's label-name order

// Builds exposition text. A family's header is written once, then its samples.
class Exposition {
 public:
  // "# HELP name help" and "# TYPE name type" (counter, gauge, histogram).
  void family(const std::string& name, const std::string& type, const std::string& help);
  // One sample line; `labels` are (name, value) pairs, escaped here.
  void sample(const std::string& name,
              const std::vector<std::pair<std::string, std::string>>& labels, double value);
  // A gauge family with one unlabeled sample.
  void gauge(const std::string& name, const std::string& help, double value);
  std::string str() && { return std::move(out_); }
  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

// Formats a sample value: integers without a fraction, others with up to 17 digits,
// "+Inf"/"-Inf"/"NaN" as Prometheus spells them.
std::string format_value(double v);
// Escapes a label value (backslash, double quote, newline).
std::string escape_label(const std::string& v);

class CounterFamily {
 public:
  CounterFamily(std::string name, std::string help, std::vector<std::string> label_names,
                size_t max_series);
  void inc(const Labels& labels, double by = 1);
  double value(const Labels& labels) const;  // 0 when never incremented (tests)
  size_t series() const;
  void write(Exposition& out) const;

 private:
  const std::string name_, help_;
  const std::vector<std::string> label_names_;
  const size_t max_series_;
  mutable std::mutex mu_;
  std::map<Labels, double> values_;
};

class HistogramFamily {
 public:
  // `buckets`: upper bounds, ascending (the +Inf bucket is implicit).
  HistogramFamily(std::string name, std::string help, std::vector<std::string> label_names,
                  std::vector<double> buckets, size_t max_series);
  void observe(const Labels& labels, double value);
  // The cumulative count of bucket `i` (buckets().size() = +Inf), the count and sum (tests).
  uint64_t bucket_count(const Labels& labels, size_t i) const;
  uint64_t count(const Labels& labels) const;
  double sum(const Labels& labels) const;
  const std::vector<double>& buckets() const { return buckets_; }
  void write(Exposition& out) const;

 private:
  struct Series {
    std::vector<uint64_t> counts;  // per bucket, not cumulative; last = above every bound
    uint64_t count = 0;
    double sum = 0;
  };
  const std::string name_, help_;
  const std::vector<std::string> label_names_;
  const std::vector<double> buckets_;
  const size_t max_series_;
  mutable std::mutex mu_;
  std::map<Labels, Series> series_;
};

class Registry {
 public:
  // Registration (start-up only). The returned reference lives as long as the registry.
  CounterFamily& counter(const std::string& name, const std::string& help,
                         std::vector<std::string> label_names = {}, size_t max_series = 2000);
  HistogramFamily& histogram(const std::string& name, const std::string& help,
                             std::vector<std::string> label_names, std::vector<double> buckets,
                             size_t max_series = 500);
  // A function that writes scrape-time families (gauges read from live state).
  void add_collector(std::function<void(Exposition&)> collector);

  // Every family, in registration order, then every collector's.
  std::string expose() const;

 private:
  std::vector<std::unique_ptr<CounterFamily>> counters_;
  std::vector<std::unique_ptr<HistogramFamily>> histograms_;
  std::vector<std::function<void(Exposition&)>> writers_;  // one per family, in order
  std::vector<std::function<void(Exposition&)>> collectors_;
};

}  // namespace bolna::metrics
