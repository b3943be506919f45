package apple

import "encoding/xml"

// decodeRecord reads a <Record> that starts with s into rec, exactly as
// xml.Decoder.DecodeElement would (the struct tags on Record are the
// reference, and TestDecodeRecordMatchesUnmarshal holds the two equal),
// but without reflection. Records are nearly every element of an export,
// and reflective unmarshalling cost more than reading their attributes.
func (r *Reader) decodeRecord(s xml.StartElement, rec *Record) error {
	if err := recordAttrs(s.Attr, rec); err != nil {
		return err
	}
	for {
		tok, err := r.d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			if err := r.recordChild(t, rec); err != nil {
				return err
			}
		}
	}
}

// recordAttrs sets the attributes Record declares; like Unmarshal, the
// last of a repeated attribute wins and unknown ones are ignored.
func recordAttrs(attrs []xml.Attr, rec *Record) error {
	for _, a := range attrs {
		var err error
		switch a.Name.Local {
		case "type":
			rec.Type = a.Value
		case "sourceName":
			rec.SourceName = a.Value
		case "sourceVersion":
			rec.SourceVersion = a.Value
		case "device":
			rec.Device = a.Value
		case "unit":
			rec.Unit = a.Value
		case "value":
			rec.Value = a.Value
		case "creationDate":
			err = rec.CreationDate.UnmarshalXMLAttr(a)
		case "startDate":
			err = rec.StartDate.UnmarshalXMLAttr(a)
		case "endDate":
			err = rec.EndDate.UnmarshalXMLAttr(a)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// recordChild reads one child element of a <Record>: its metadata, the
// beats of an HRV record, or anything else skipped whole.
func (r *Reader) recordChild(s xml.StartElement, rec *Record) error {
	switch s.Name.Local {
	case "MetadataEntry":
		var m MetadataEntry
		for _, a := range s.Attr {
			switch a.Name.Local {
			case "key":
				m.Key = a.Value
			case "value":
				m.Value = a.Value
			}
		}
		rec.Metadata = append(rec.Metadata, m)
	case "HeartRateVariabilityMetadataList":
		return r.beats(rec)
	}
	return r.d.Skip()
}

// beats reads the children of <HeartRateVariabilityMetadataList> up to
// its end: each <InstantaneousBeatsPerMinute> becomes one beat.
func (r *Reader) beats(rec *Record) error {
	for {
		tok, err := r.d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			if t.Name.Local == "InstantaneousBeatsPerMinute" {
				var b InstantaneousBPM
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "bpm":
						b.BPM = a.Value
					case "time":
						b.Time = a.Value
					}
				}
				rec.Beats = append(rec.Beats, b)
			}
			if err := r.d.Skip(); err != nil {
				return err
			}
		}
	}
}
