#include "metrics/registry.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace bolna::metrics {

namespace {

std::vector<std::pair<std::string, std::string>> zip(const std::vector<std::string>& names,
                                                     const Labels& values) {
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 0; i < names.size(); ++i)
    out.emplace_back(names[i], i < values.size() ? values[i] : "");
  return out;
}

// The key a new combination is stored under: itself while the family has room, else the
// shared overflow series.
template <typename Map>
Labels admit(const Map& map, const Labels& labels, size_t label_count, size_t max_series) {
  if (map.count(labels) || map.size() < max_series) return labels;
  return Labels(label_count, "_other");
}

}  // namespace

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    for (int precision = 1; precision <= 17; ++precision) {  // the shortest exact form
      std::snprintf(buf, sizeof buf, "%.*g", precision, v);
      if (std::strtod(buf, nullptr) == v) break;
    }
  return buf;
}

std::string escape_label(const std::string& v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

void Exposition::family(const std::string& name, const std::string& type, const std::string& help) {
  out_ += "# HELP " + name + " ";
  for (char c : help) {
    if (c == '\\')
      out_ += "\\\\";
    else if (c == '\n')
      out_ += "\\n";
    else
      out_ += c;
  }
  out_ += "\n# TYPE " + name + " " + type + "\n";
}

void Exposition::sample(const std::string& name,
                        const std::vector<std::pair<std::string, std::string>>& labels,
                        double value) {
  out_ += name;
  if (!labels.empty()) {
    out_ += '{';
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i) out_ += ',';
      out_ += labels[i].first + "=\"" + escape_label(labels[i].second) + "\"";
    }
    out_ += '}';
  }
  out_ += ' ' + format_value(value) + '\n';
}

void Exposition::gauge(const std::string& name, const std::string& help, double value) {
  family(name, "gauge", help);
  sample(name, {}, value);
}

CounterFamily::CounterFamily(std::string name, std::string help,
                             std::vector<std::string> label_names, size_t max_series)
    : name_(std::move(name)),
      help_(std::move(help)),
      label_names_(std::move(label_names)),
      max_series_(std::max<size_t>(1, max_series)) {}

void CounterFamily::inc(const Labels& labels, double by) {
  std::lock_guard l(mu_);
  values_[admit(values_, labels, label_names_.size(), max_series_)] += by;
}

double CounterFamily::value(const Labels& labels) const {
  std::lock_guard l(mu_);
  auto it = values_.find(labels);
  return it == values_.end() ? 0 : it->second;
}

size_t CounterFamily::series() const {
  std::lock_guard l(mu_);
  return values_.size();
}

void CounterFamily::write(Exposition& out) const {
  out.family(name_, "counter", help_);
  std::lock_guard l(mu_);
  if (values_.empty() && label_names_.empty()) out.sample(name_, {}, 0);
  for (const auto& [labels, v] : values_) out.sample(name_, zip(label_names_, labels), v);
}

HistogramFamily::HistogramFamily(std::string name, std::string help,
                                 std::vector<std::string> label_names, std::vector<double> buckets,
                                 size_t max_series)
    : name_(std::move(name)),
      help_(std::move(help)),
      label_names_(std::move(label_names)),
      buckets_(std::move(buckets)),
      max_series_(std::max<size_t>(1, max_series)) {}

void HistogramFamily::observe(const Labels& labels, double value) {
  size_t i = std::lower_bound(buckets_.begin(), buckets_.end(), value) - buckets_.begin();
  std::lock_guard l(mu_);
  Series& s = series_[admit(series_, labels, label_names_.size(), max_series_)];
  if (s.counts.empty()) s.counts.assign(buckets_.size() + 1, 0);
  s.counts[i] += 1;
  s.count += 1;
  s.sum += value;
}

uint64_t HistogramFamily::bucket_count(const Labels& labels, size_t i) const {
  std::lock_guard l(mu_);
  auto it = series_.find(labels);
  if (it == series_.end()) return 0;
  uint64_t total = 0;
  for (size_t b = 0; b <= i && b < it->second.counts.size(); ++b) total += it->second.counts[b];
  return total;
}

uint64_t HistogramFamily::count(const Labels& labels) const {
  std::lock_guard l(mu_);
  auto it = series_.find(labels);
  return it == series_.end() ? 0 : it->second.count;
}

double HistogramFamily::sum(const Labels& labels) const {
  std::lock_guard l(mu_);
  auto it = series_.find(labels);
  return it == series_.end() ? 0 : it->second.sum;
}

void HistogramFamily::write(Exposition& out) const {
  out.family(name_, "histogram", help_);
  std::lock_guard l(mu_);
  for (const auto& [labels, s] : series_) {
    auto base = zip(label_names_, labels);
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= buckets_.size(); ++b) {
      cumulative += s.counts[b];
      auto with_le = base;
      with_le.emplace_back("le", b < buckets_.size() ? format_value(buckets_[b]) : "+Inf");
      out.sample(name_ + "_bucket", with_le, static_cast<double>(cumulative));
    }
    out.sample(name_ + "_sum", base, s.sum);
    out.sample(name_ + "_count", base, static_cast<double>(s.count));
  }
}

CounterFamily& Registry::counter(const std::string& name, const std::string& help,
                                 std::vector<std::string> label_names, size_t max_series) {
  counters_.push_back(
      std::make_unique<CounterFamily>(name, help, std::move(label_names), max_series));
  CounterFamily* f = counters_.back().get();
  writers_.push_back([f](Exposition& out) { f->write(out); });
  return *f;
}

HistogramFamily& Registry::histogram(const std::string& name, const std::string& help,
                                     std::vector<std::string> label_names,
                                     std::vector<double> buckets, size_t max_series) {
  histograms_.push_back(std::make_unique<HistogramFamily>(name, help, std::move(label_names),
                                                          std::move(buckets), max_series));
  HistogramFamily* f = histograms_.back().get();
  writers_.push_back([f](Exposition& out) { f->write(out); });
  return *f;
}

void Registry::add_collector(std::function<void(Exposition&)> collector) {
  collectors_.push_back(std::move(collector));
}

std::string Registry::expose() const {
  Exposition out;
  for (const auto& w : writers_) w(out);
  for (const auto& c : collectors_) c(out);
  return std::move(out).str();
}

}  // namespace bolna::metrics
