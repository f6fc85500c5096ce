//! The paper's two plots, as SVG (plotters' SVG backend: no fonts or system libraries needed).

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
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
    let all = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| (tx(p.0), p.1)));
    let root = SVGBackend::new(path, (900, 560)).into_drawing_area();
    let x_label = |x: f64| x_label_fmt(if log_x { 2f64.powf(x) } else { x });
    let Some(mut chart) = axes(&root, title, x_desc, y_desc, all, &x_label)? else {
        return Ok(());
    };
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
    legend(&mut chart, SeriesLabelPosition::UpperRight)?;
    root.present()?;
    Ok(())
}

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The axes of a chart on `root` that fits `points` (x already on the axis' scale), its x labels
/// written by `x_label` (given the axis value); `None` without points.
fn axes<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    title: &str,
    x_desc: &str,
    y_desc: &str,
    points: impl Iterator<Item = (f64, f64)>,
    x_label: &dyn Fn(f64) -> String,
) -> Result<Option<Chart<'a, 'b>>, Box<dyn std::error::Error>> {
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (x, y) in points {
        (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
    }
    if x0 > x1 {
        return Ok(None);
    }
    let pad = ((y1 - y0) * 0.08).max(0.01);
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 22))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(64)
        .build_cartesian_2d((x0 - 0.3)..(x1 + 0.3), (y0 - pad)..(y1 + pad))?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_label_formatter(&|x| x_label(*x))
        .draw()?;
    Ok(Some(chart))
}

/// The series' legend at `position`.
fn legend<'a, 'b: 'a>(
    chart: &mut Chart<'a, 'b>,
    position: SeriesLabelPosition,
) -> Result<(), Box<dyn std::error::Error>> {
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .position(position)
        .draw()?;
    Ok(())
}

/// A point of a scatter chart: x, y, and its group (which marker shape it gets).
pub type Point = (f64, f64, usize);

/// The marker shapes of `scatter_chart`'s groups, in group order (for a caption naming them).
pub const GROUP_SHAPES: [&str; 4] = ["circles", "triangles", "squares", "crosses"];

/// A scatter chart with a log2 x axis: one colour per series (named in the legend), one marker
/// shape per group (`GROUP_SHAPES`, in order; named in the caption by the caller).
pub fn scatter_chart(
    path: &Path,
    title: &str,
    x_desc: &str,
    y_desc: &str,
    series: &[(String, Vec<Point>)],
    x_label_fmt: &dyn Fn(f64) -> String,
) -> Result<(), Box<dyn std::error::Error>> {
    let all = series
        .iter()
        .flat_map(|s| s.1.iter().map(|p| (p.0.log2(), p.1)));
    let root = SVGBackend::new(path, (900, 600)).into_drawing_area();
    let x_label = |x: f64| x_label_fmt(2f64.powf(x));
    let Some(mut chart) = axes(&root, title, x_desc, y_desc, all, &x_label)? else {
        return Ok(());
    };
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
    legend(&mut chart, SeriesLabelPosition::LowerRight)?;
    root.present()?;
    Ok(())
}
