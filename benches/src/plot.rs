//! The paper's two plots, as SVG (plotters' SVG backend: no fonts or system libraries needed).

use plotters::prelude::*;
use std::path::Path;

/// One named line of (x, y) points.
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

const COLORS: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// A line chart with a log2 x axis labelled by `x_label_fmt`.
pub fn line_chart(
    path: &Path,
    title: &str,
    x_desc: &str,
    y_desc: &str,
    series: &[Series],
    log_x: bool,
    x_label_fmt: &dyn Fn(f64) -> String,
) -> Result<(), Box<dyn std::error::Error>> {
    let tx = |x: f64| if log_x { x.log2() } else { x };
    let xs: Vec<f64> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| tx(p.0)))
        .collect();
    let ys: Vec<f64> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .collect();
    if xs.is_empty() {
        return Ok(());
    }
    let (x0, x1) = xs
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    let (y0, y1) = ys
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &y| (a.min(y), b.max(y)));
    let pad = ((y1 - y0) * 0.08).max(0.01);
    let root = SVGBackend::new(path, (900, 560)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(64)
        .build_cartesian_2d((x0 - 0.3)..(x1 + 0.3), (y0 - pad)..(y1 + pad))?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_label_formatter(&|x| x_label_fmt(if log_x { 2f64.powf(*x) } else { *x }))
        .draw()?;
    for (i, s) in series.iter().enumerate() {
        let color = COLORS[i % COLORS.len()];
        let pts: Vec<(f64, f64)> = s.points.iter().map(|&(x, y)| (tx(x), y)).collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), color.stroke_width(2)))?
            .label(&s.name)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
            });
        chart.draw_series(pts.into_iter().map(|p| Circle::new(p, 3, color.filled())))?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperRight)
        .draw()?;
    root.present()?;
    Ok(())
}

/// A point of a scatter chart: x, y, and its group (which marker shape it gets).
pub type Point = (f64, f64, usize);

/// A scatter chart with a log2 x axis: one colour per series (named in the legend), one marker
/// shape per group (circle, triangle, square, cross, in order; named in the caption by the
/// caller).
pub fn scatter_chart(
    path: &Path,
    title: &str,
    x_desc: &str,
    y_desc: &str,
    series: &[(String, Vec<Point>)],
    x_label_fmt: &dyn Fn(f64) -> String,
) -> Result<(), Box<dyn std::error::Error>> {
    let all: Vec<&Point> = series.iter().flat_map(|s| &s.1).collect();
    if all.is_empty() {
        return Ok(());
    }
    let fold = |f: &dyn Fn(&Point) -> f64| {
        all.iter()
            .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(f(p)), b.max(f(p))))
    };
    let (x0, x1) = fold(&|p| p.0.log2());
    let (y0, y1) = fold(&|p| p.1);
    let pad = ((y1 - y0) * 0.08).max(0.01);
    let root = SVGBackend::new(path, (900, 600)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(64)
        .build_cartesian_2d((x0 - 0.3)..(x1 + 0.3), (y0 - pad)..(y1 + pad))?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_label_formatter(&|x| x_label_fmt(2f64.powf(*x)))
        .draw()?;
    for (i, (name, points)) in series.iter().enumerate() {
        let color = COLORS[i % COLORS.len()];
        let style = color.filled();
        let at = |group: usize| {
            points
                .iter()
                .filter(move |p| p.2 % 4 == group)
                .map(|&(x, y, _)| (x.log2(), y))
        };
        chart
            .draw_series(at(0).map(|p| Circle::new(p, 5, style)))?
            .label(name.as_str())
            .legend(move |(x, y)| Circle::new((x + 9, y), 5, style));
        chart.draw_series(at(1).map(|p| TriangleMarker::new(p, 7, style)))?;
        chart.draw_series(
            at(2).map(|p| EmptyElement::at(p) + Rectangle::new([(-4, -4), (4, 4)], style)),
        )?;
        chart.draw_series(at(3).map(|p| Cross::new(p, 5, color.stroke_width(2))))?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .position(SeriesLabelPosition::LowerRight)
        .draw()?;
    root.present()?;
    Ok(())
}
