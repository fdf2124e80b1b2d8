//! Page geometry: A4 in either orientation, with the margins of an office
//! document (a wider left margin for the binder).

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

pub fn mm(value: f32) -> f32 {
    value * PT_PER_MM
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageFormat {
    /// Page size in points.
    pub width: f32,
    pub height: f32,
    pub margin_left: f32,
    pub margin_right: f32,
    pub margin_top: f32,
    /// Room under the body for the «Лист N из M» footer.
    pub margin_bottom: f32,
}

impl PageFormat {
    pub fn a4_portrait() -> Self {
        Self {
            width: mm(210.0),
            height: mm(297.0),
            margin_left: mm(25.0),
            margin_right: mm(12.0),
            margin_top: mm(15.0),
            margin_bottom: mm(18.0),
        }
    }

    pub fn a4_landscape() -> Self {
        Self {
            width: mm(297.0),
            height: mm(210.0),
            margin_left: mm(15.0),
            margin_right: mm(10.0),
            margin_top: mm(12.0),
            margin_bottom: mm(16.0),
        }
    }

    pub fn content_width(&self) -> f32 {
        self.width - self.margin_left - self.margin_right
    }

    /// The lowest point (from the top) the body may reach.
    pub fn body_bottom(&self) -> f32 {
        self.height - self.margin_bottom
    }

    pub fn width_mm(&self) -> f32 {
        self.width / PT_PER_MM
    }

    pub fn height_mm(&self) -> f32 {
        self.height / PT_PER_MM
    }
}
